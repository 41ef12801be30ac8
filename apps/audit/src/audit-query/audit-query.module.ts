import { Module } from '@nestjs/common';
import { AuditChainModule } from '../audit-chain/audit-chain.module';
import { AuditQueryHandler } from './audit-query.handler';
import { AuditSearch } from './audit-search';

@Module({
  imports: [AuditChainModule],
  controllers: [AuditQueryHandler],
  providers: [AuditSearch],
})
export class AuditQueryModule {}
