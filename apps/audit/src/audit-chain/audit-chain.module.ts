import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { AnchorAuditChainUseCase } from './anchor-audit-chain.use-case';
import { ChainAnchorSchedule } from './chain-anchor-schedule';
import { ChainAnchors } from './chain-anchors';
import { StreamChainAnchors } from './stream-chain-anchors';
import { VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

/** The log's integrity: its head anchored outside the table, and verification against both. */
@Module({
  imports: [AuditLogModule],
  providers: [
    { provide: ChainAnchors, useClass: StreamChainAnchors },
    AnchorAuditChainUseCase,
    ChainAnchorSchedule,
    VerifyAuditChainUseCase,
  ],
  exports: [VerifyAuditChainUseCase],
})
export class AuditChainModule {}
