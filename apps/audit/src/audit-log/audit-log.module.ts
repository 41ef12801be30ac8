import { Module } from '@nestjs/common';
import { AuditBatchWriter } from './audit-batch-writer';
import { AuditIngestHandler } from './audit-ingest.handler';
import { AuditLogRepository } from './audit-log.repository';

@Module({
  controllers: [AuditIngestHandler],
  providers: [AuditLogRepository, AuditBatchWriter],
  exports: [AuditLogRepository],
})
export class AuditLogModule {}
