import { Module } from '@nestjs/common';
import { AuditChainModule } from '../audit-chain/audit-chain.module';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { AuditQueryHandler } from './audit-query.handler';
import { SearchAuditLogUseCase } from './search-audit-log.use-case';

@Module({
  imports: [AuditLogModule, AuditChainModule],
  controllers: [AuditQueryHandler],
  providers: [SearchAuditLogUseCase],
})
export class AuditQueryModule {}
