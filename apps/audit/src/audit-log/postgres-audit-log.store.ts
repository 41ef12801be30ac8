import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditLogStore,
  SEARCH_COLUMNS,
  type AuditFilter,
  type AuditSearchRow,
  type ChainBreak,
  type ChainLink,
} from './audit-log.store';
import { AUDIT_MESSAGE_COLUMNS, WRITTEN_COLUMNS, type AuditMessage, type AuditRecord } from './audit-message';

type LinkRow = Pick<AuditMessage, 'chain_seq' | 'message_id' | 'hash'>;

/**
 * The audit log in PostgreSQL. The SQL is written out: the chain trigger, the generated
 * guest columns and the hash functions live in the database, and these statements are
 * what they were tuned for (one multi-row INSERT per batch, indexes ending in chain_seq).
 */
@Injectable()
export class PostgresAuditLogStore extends AuditLogStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async append(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values: unknown[] = [];
    const rows = records.map(
      (record) =>
        `(${WRITTEN_COLUMNS.map((column) => {
          const value = record[column];
          // jsonb is sent as its text: node-postgres would send a JSON array as a PostgreSQL array.
          const json = AUDIT_MESSAGE_COLUMNS[column].type === 'jsonb' && value !== null;
          return `$${values.push(json ? JSON.stringify(value) : value)}`;
        }).join(', ')})`,
    );
    await this.dataSource.query(
      `INSERT INTO audit_messages (${WRITTEN_COLUMNS.join(', ')})
       VALUES ${rows.join(', ')}
       ON CONFLICT (message_id) DO NOTHING`,
      values,
    );
  }

  search(
    filter: AuditFilter,
    { after, limit }: { after?: string; limit: number },
  ): Promise<AuditSearchRow[]> {
    const { where, values } = whereOf(filter);
    if (after) where.push(`chain_seq > $${values.push(after)}`);
    return this.dataSource.query(
      `SELECT ${SEARCH_COLUMNS.join(', ')},
              headers->>'traceparent' AS traceparent, envelope->'data' AS data
         FROM audit_messages
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY chain_seq
        LIMIT $${values.push(limit)}`,
      values,
    );
  }

  async firstTraceparent(filter: AuditFilter): Promise<string | undefined> {
    const { where, values } = whereOf(filter);
    const [first]: Array<{ traceparent: string }> = await this.dataSource.query(
      `SELECT headers->>'traceparent' AS traceparent FROM audit_messages
        WHERE ${[...where, `headers ? 'traceparent'`].join(' AND ')}
        ORDER BY chain_seq LIMIT 1`,
      values,
    );
    return first?.traceparent;
  }

  /** Recomputed in the database, with the same functions that wrote the chain. */
  async checkChain(): Promise<{ rows: number; firstBreak?: ChainBreak }> {
    const [counted]: Array<{ rows: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS rows FROM audit_messages`,
    );
    const broken: Array<LinkRow & { cause: ChainBreak['cause'] }> = await this.dataSource.query(
      `SELECT chain_seq, message_id,
              CASE WHEN chain_seq <> position THEN 'row-missing-before' ELSE 'hash-mismatch' END AS cause
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
      rows: counted?.rows ?? 0,
      ...(first
        ? {
            firstBreak: {
              chainSeq: Number(first.chain_seq),
              messageId: first.message_id,
              cause: first.cause,
            },
          }
        : {}),
    };
  }

  async head(): Promise<ChainLink | undefined> {
    const rows: LinkRow[] = await this.dataSource.query(
      `SELECT chain_seq, message_id, hash FROM audit_messages ORDER BY chain_seq DESC LIMIT 1`,
    );
    return rows[0] && linkOf(rows[0]);
  }

  async linkAt(chainSeq: number): Promise<ChainLink | undefined> {
    const rows: LinkRow[] = await this.dataSource.query(
      `SELECT chain_seq, message_id, hash FROM audit_messages WHERE chain_seq = $1`,
      [chainSeq],
    );
    return rows[0] && linkOf(rows[0]);
  }

  async grewSince(chainSeq: number, ignoredSubject: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM audit_messages WHERE chain_seq > $1 AND subject <> $2 LIMIT 1`,
      [chainSeq, ignoredSubject],
    );
    return rows.length > 0;
  }
}

/** The filter as SQL conditions (each served by an index ending in chain_seq) and their parameters. */
function whereOf(filter: AuditFilter): { where: string[]; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const where: string[] = [];
  if (filter.correlationId) where.push(`correlation_id = ${param(filter.correlationId)}`);
  if (filter.actorId) where.push(`actor_id = ${param(filter.actorId)}`);
  if (filter.guest?.vmid !== undefined) where.push(`guest_vmid = ${param(filter.guest.vmid)}`);
  if (filter.guest?.node) where.push(`guest_node = ${param(filter.guest.node)}`);
  if (filter.guest?.name) where.push(`guest_name = ${param(filter.guest.name)}`);
  if (filter.type) {
    const type = param(filter.type);
    where.push(`(type = ${type} OR subject = ${type} OR starts_with(subject, ${type} || '.'))`);
  }
  if (filter.from) where.push(`stored_at >= ${param(filter.from)}`);
  if (filter.to) where.push(`stored_at < ${param(filter.to)}`);
  return { where, values };
}

function linkOf(row: LinkRow): ChainLink {
  return { chainSeq: Number(row.chain_seq), messageId: row.message_id, hash: row.hash };
}
