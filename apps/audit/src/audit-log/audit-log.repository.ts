import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditRecord } from './audit-record';

@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent by message id: a redelivered message is recorded once. */
  async append(record: AuditRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_messages (
         message_id, stream, stream_sequence, subject, type, source, correlation_id, causation_id,
         actor_kind, actor_id, target, occurred_at, stored_at, valid, problems, headers, envelope, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (message_id) DO NOTHING`,
      [
        record.messageId,
        record.stream,
        record.streamSequence,
        record.subject,
        record.type,
        record.source,
        record.correlationId,
        record.causationId,
        record.actorKind,
        record.actorId,
        record.target,
        record.occurredAt,
        record.storedAt,
        record.valid,
        record.problems,
        JSON.stringify(record.headers),
        record.envelope === null ? null : JSON.stringify(record.envelope),
        record.body,
      ],
    );
  }
}
