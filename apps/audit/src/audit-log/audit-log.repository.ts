import { Injectable } from '@nestjs/common';
import type { ChainVerification } from '@proxmox-mpc/contracts';
import { DataSource } from 'typeorm';
import type { AuditRecord } from './audit-record';

@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the records in one statement, idempotent by message id: a message already
   * recorded (or twice in `records`) is skipped. The chain trigger runs per inserted row,
   * after the rows before it in the statement, so a skipped duplicate takes no place in
   * the chain.
   */
  async appendAll(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values: unknown[] = [];
    const rows = records.map((record) => {
      const first = values.length;
      values.push(
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
      );
      return `(${Array.from({ length: values.length - first }, (_, index) => `$${first + index + 1}`).join(', ')})`;
    });
    await this.dataSource.query(
      `INSERT INTO audit_messages (
         message_id, stream, stream_sequence, subject, type, source, correlation_id, causation_id,
         actor_kind, actor_id, target, occurred_at, stored_at, valid, problems, headers, envelope, body)
       VALUES ${rows.join(', ')}
       ON CONFLICT (message_id) DO NOTHING`,
      values,
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

  /** The newest row's place and hash, or undefined for an empty log. */
  async head(): Promise<ChainLink | undefined> {
    const rows: LinkRow[] = await this.dataSource.query(
      `SELECT chain_seq, message_id, hash FROM audit_messages ORDER BY chain_seq DESC LIMIT 1`,
    );
    return rows[0] && toLink(rows[0]);
  }

  /** The row at `chainSeq`, or undefined when there is none. */
  async linkAt(chainSeq: number): Promise<ChainLink | undefined> {
    const rows: LinkRow[] = await this.dataSource.query(
      `SELECT chain_seq, message_id, hash FROM audit_messages WHERE chain_seq = $1`,
      [chainSeq],
    );
    return rows[0] && toLink(rows[0]);
  }

  /** Whether rows other than those on `ignoredSubject` were recorded after `chainSeq`. */
  async grewSince(chainSeq: number, ignoredSubject: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM audit_messages WHERE chain_seq > $1 AND subject <> $2 LIMIT 1`,
      [chainSeq, ignoredSubject],
    );
    return rows.length > 0;
  }
}

/** One row's place in the hash chain. */
export interface ChainLink {
  chainSeq: number;
  messageId: string;
  hash: string;
}

interface LinkRow {
  chain_seq: string;
  message_id: string;
  hash: string;
}

function toLink(row: LinkRow): ChainLink {
  return { chainSeq: Number(row.chain_seq), messageId: row.message_id, hash: row.hash };
}
