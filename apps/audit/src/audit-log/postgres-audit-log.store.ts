import { Injectable } from '@nestjs/common';
import { copyRows } from '@proxmox-mpc/persistence';
import { DataSource } from 'typeorm';
import {
  AuditLogStore,
  SEARCH_COLUMNS,
  type AuditFilter,
  type AuditSearchRow,
  type ChainBreak,
  type ChainLink,
} from './audit-log.store';
import { WRITTEN_COLUMNS, type AuditMessage, type AuditRecord } from './audit-message';
import { chainRecords, isJsonbColumn, type ChainedRecord } from './chain-records';

type LinkRow = Pick<AuditMessage, 'chain_seq' | 'message_id' | 'hash'>;

const CHAINED_COLUMNS = [...WRITTEN_COLUMNS, 'chain_seq', 'hash'] as const;

const HEAD = `SELECT chain_seq, message_id, hash FROM audit_messages ORDER BY chain_seq DESC LIMIT 1`;
const UNIQUE_VIOLATION = '23505';
// Chaining again after a refusal races only other replicas' appends: a few tries get through.
const MAX_ATTEMPTS = 5;

/**
 * The audit log in PostgreSQL. The SQL is written out: the generated guest columns and
 * the hash functions verification uses live in the database, and these statements are
 * what they were tuned for (one COPY per batch, indexes ending in chain_seq).
 */
@Injectable()
export class PostgresAuditLogStore extends AuditLogStore {
  /**
   * Where this store last saw the chain end: read once, then moved by each append, so a
   * batch is chained without asking. The unique `chain_seq` and `message_id` refuse a
   * batch chained after a stale head (another replica appended) or holding a message
   * recorded before (a redelivery); then the head and the recorded ids are read again.
   */
  private last: { link: ChainLink | undefined } | undefined;
  /** Where the chain will end once the append in flight commits: what `prepare` chains after. */
  private writing: { link: ChainLink | undefined } | undefined;
  /** Rows chained ahead by `prepare`, and after which end. */
  private prepared:
    | { records: readonly AuditRecord[]; after: { link: ChainLink | undefined }; rows: ChainedRecord[] }
    | undefined;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  override prepare(records: readonly AuditRecord[]): void {
    const after = this.writing ?? this.last;
    if (after) this.prepared = { records, after, rows: chainRecords(after.link, records, []) };
  }

  async append(records: readonly AuditRecord[]): Promise<void> {
    let recorded: string[] = [];
    for (let attempt = 1; ; attempt += 1) {
      this.last ??= { link: await this.head() };
      const { prepared } = this;
      this.prepared = undefined;
      // Chained ahead after the end this store now knows (the append before committed as sent)?
      const rows =
        prepared?.records === records && prepared.after === this.last
          ? prepared.rows
          : chainRecords(this.last.link, records, recorded);
      if (rows.length === 0) return;
      const newest = rows[rows.length - 1] as ChainedRecord;
      const end = { link: { chainSeq: newest.chain_seq, messageId: newest.message_id, hash: newest.hash } };
      this.writing = end;
      try {
        // One statement: committed, all rows or none, when it returns.
        await copyRows(
          this.dataSource,
          'audit_messages',
          CHAINED_COLUMNS,
          // jsonb goes as the text the chain hashed, not serialised again.
          rows.map((row) =>
            CHAINED_COLUMNS.map((column) => (isJsonbColumn(column) ? row.jsonb[column] : row[column])),
          ),
        );
        this.last = end;
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt === MAX_ATTEMPTS) throw error;
        // Another replica took those places, or a message was recorded before: read where
        // the chain ends and which of these messages it holds, and chain again.
        this.last = undefined;
        recorded = (
          (await this.dataSource.query(`SELECT message_id FROM audit_messages WHERE message_id = ANY($1)`, [
            records.map((record) => record.message_id),
          ])) as Array<Pick<AuditMessage, 'message_id'>>
        ).map((row) => row.message_id);
      } finally {
        this.writing = undefined;
      }
    }
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
    const rows: LinkRow[] = await this.dataSource.query(HEAD);
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

/** The filter as SQL conditions (each served by an index) and their parameters. */
function whereOf(filter: AuditFilter): { where: string[]; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const where: string[] = [];
  if (filter.correlationId) where.push(`correlation_id = ${param(filter.correlationId)}`);
  if (filter.actorId) where.push(`actor_id = ${param(filter.actorId)}`);
  // Some guest the row names has every part asked for (the GIN index on guest_refs).
  if (filter.guest) where.push(`guest_refs @> ${param(JSON.stringify([filter.guest]))}::jsonb`);
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
