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

  /**
   * Recomputes the hash chain in the database (with the same functions that wrote it)
   * and reports the first row whose hash or place does not follow from the one before.
   */
  async verifyChain(): Promise<ChainVerification> {
    const [counted] = await this.dataSource.query(`SELECT count(*)::int AS rows FROM audit_messages`);
    const broken: Array<{ chain_seq: string; message_id: string; reason: string }> =
      await this.dataSource.query(
        `SELECT chain_seq, message_id,
              CASE WHEN chain_seq <> position THEN 'a row before it is missing' ELSE 'its hash does not match its content and the row before it' END AS reason
         FROM (SELECT chain_seq, message_id, hash,
                      row_number() OVER (ORDER BY chain_seq) AS position,
                      audit_chain_hash(lag(hash) OVER (ORDER BY chain_seq), audit_row_content(m)) AS expected
                 FROM audit_messages m) checked
        WHERE hash <> expected OR chain_seq <> position
        ORDER BY chain_seq
        LIMIT 1`,
      );
    const first = broken[0];
    return {
      rows: (counted as { rows: number }).rows,
      ...(first
        ? {
            firstBroken: {
              chainSeq: Number(first.chain_seq),
              messageId: first.message_id,
              reason: first.reason,
            },
          }
        : {}),
    };
  }
}

export interface ChainVerification {
  rows: number;
  /** The first row where the chain breaks; absent when every row checks out. */
  firstBroken?: { chainSeq: number; messageId: string; reason: string };
}
