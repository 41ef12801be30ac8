import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { ChainAnchorer } from './chain-anchorer';
import { ChainVerifier } from './chain-verifier';

/** The log's integrity: its head anchored outside the table, and verification against both. */
@Module({
  imports: [AuditLogModule],
  providers: [ChainVerifier, ChainAnchorer],
  exports: [ChainVerifier, ChainAnchorer],
})
export class AuditChainModule {}
