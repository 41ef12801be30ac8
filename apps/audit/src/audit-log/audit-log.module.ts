import { Module } from '@nestjs/common';
import { AuditBatchWriter } from './audit-batch-writer';
import { AuditIngestHandler } from './audit-ingest.handler';
import { AuditLogStore } from './audit-log.store';
import { PostgresAuditLogStore } from './postgres-audit-log.store';
import { RecordMessagesUseCase } from './record-messages.use-case';

@Module({
  controllers: [AuditIngestHandler],
  providers: [
    { provide: AuditLogStore, useClass: PostgresAuditLogStore },
    AuditBatchWriter,
    RecordMessagesUseCase,
  ],
  exports: [AuditLogStore],
})
export class AuditLogModule {}
