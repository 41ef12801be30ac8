import { Module } from '@nestjs/common';
import { AuditLogModule } from '../audit-log/audit-log.module';
import { AuditQueryHandler } from './audit-query.handler';
import { AuditSearch } from './audit-search';

@Module({
  imports: [AuditLogModule],
  controllers: [AuditQueryHandler],
  providers: [AuditSearch],
})
export class AuditQueryModule {}
