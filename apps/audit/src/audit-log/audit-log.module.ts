import { Module } from '@nestjs/common';
import { AuditIngestHandler } from './audit-ingest.handler';
import { AuditLogRepository } from './audit-log.repository';

@Module({
  controllers: [AuditIngestHandler],
  providers: [AuditLogRepository],
})
export class AuditLogModule {}
