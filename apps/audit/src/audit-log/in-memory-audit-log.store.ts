import type { AuditGuest } from '@proxmox-mpc/contracts';
import {
  AuditLogStore,
  SEARCH_COLUMNS,
  type AuditFilter,
  type AuditSearchRow,
  type ChainBreak,
  type ChainLink,
} from './audit-log.store';
import {
  AUDIT_MESSAGE_COLUMNS,
  WRITTEN_COLUMNS,
  type AuditColumn,
  type AuditMessage,
  type AuditRecord,
} from './audit-message';
import { chainHash, chainRecords } from './chain-records';

/**
 * `audit_messages` in an array, for unit tests of the use cases: chained as the
 * PostgreSQL store chains it, NOT NULL enforced, one append all or nothing. PostgreSQL
 * derives a row's guest columns; here they stay null unless a test sets them.
 */
export class InMemoryAuditLogStore extends AuditLogStore {
  readonly rows: AuditMessage[] = [];
  /** Every append, as its records: a batch is one call. */
  readonly appends: AuditRecord[][] = [];

  async append(records: readonly AuditRecord[]): Promise<void> {
    for (const record of records) {
      for (const column of WRITTEN_COLUMNS) {
        if (record[column] === null && !('nullable' in AUDIT_MESSAGE_COLUMNS[column])) {
          throw new Error(`null value in column "${column}" of relation "audit_messages"`);
        }
      }
    }
    this.appends.push([...records]);
    const last = this.rows[this.rows.length - 1];
    const chained = chainRecords(
      last && linkOf(last),
      records,
      this.rows.map((row) => row.message_id),
    );
    for (const row of chained) {
      const written: Record<string, unknown> = { ...row, recorded_at: new Date() };
      this.rows.push(
        Object.fromEntries(
          Object.entries(AUDIT_MESSAGE_COLUMNS).map(([column, description]) => [
            column,
            asRead(description, written[column] ?? null),
          ]),
        ) as AuditMessage,
      );
    }
  }

  async search(
    filter: AuditFilter,
    { after, limit }: { after?: string; limit: number },
  ): Promise<AuditSearchRow[]> {
    return this.matching(filter)
      .filter((row) => after === undefined || BigInt(row.chain_seq) > BigInt(after))
      .slice(0, limit)
      .map((row) => ({
        ...(Object.fromEntries(SEARCH_COLUMNS.map((column) => [column, row[column]])) as Pick<
          AuditMessage,
          (typeof SEARCH_COLUMNS)[number]
        >),
        traceparent: traceparentOf(row) ?? null,
        data: (row.envelope as { data?: unknown } | null)?.data ?? null,
      }));
  }

  async firstTraceparent(filter: AuditFilter): Promise<string | undefined> {
    return this.matching(filter).map(traceparentOf).find(Boolean);
  }

  async checkChain(): Promise<{ rows: number; firstBreak?: ChainBreak }> {
    const index = this.rows.findIndex(
      (row, position) =>
        Number(row.chain_seq) !== position + 1 || row.hash !== chainHash(this.rows[position - 1]?.hash, row),
    );
    const broken = this.rows[index];
    if (!broken) return { rows: this.rows.length };
    return {
      rows: this.rows.length,
      firstBreak: {
        chainSeq: Number(broken.chain_seq),
        messageId: broken.message_id,
        cause: Number(broken.chain_seq) !== index + 1 ? 'row-missing-before' : 'hash-mismatch',
      },
    };
  }

  async head(): Promise<ChainLink | undefined> {
    const last = this.rows[this.rows.length - 1];
    return last && linkOf(last);
  }

  async linkAt(chainSeq: number): Promise<ChainLink | undefined> {
    const row = this.rows.find((candidate) => Number(candidate.chain_seq) === chainSeq);
    return row && linkOf(row);
  }

  async grewSince(chainSeq: number, ignoredSubject: string): Promise<boolean> {
    return this.rows.some((row) => Number(row.chain_seq) > chainSeq && row.subject !== ignoredSubject);
  }

  private matching(filter: AuditFilter): AuditMessage[] {
    const { correlationId, actorId, guest, type, from, to } = filter;
    return this.rows.filter(
      (row) =>
        (!correlationId || row.correlation_id === correlationId) &&
        (!actorId || row.actor_id === actorId) &&
        (!guest || namesGuest(row.guest_refs, guest)) &&
        (!type || row.type === type || row.subject === type || row.subject.startsWith(`${type}.`)) &&
        (!from || row.stored_at.getTime() >= Date.parse(from)) &&
        (!to || row.stored_at.getTime() < Date.parse(to)),
    );
  }
}

/** Whether one of the guests a row names has every part of `guest`, as `@>` decides in PostgreSQL. */
function namesGuest(refs: unknown, guest: AuditGuest): boolean {
  return (
    Array.isArray(refs) &&
    refs.some((ref: AuditGuest) =>
      Object.entries(guest).every(([part, value]) => ref[part as keyof AuditGuest] === value),
    )
  );
}

/** A written value as node-postgres would read it back. */
function asRead(column: AuditColumn, value: unknown): unknown {
  if (value === null) return null;
  if (column.type === 'bigint') return String(value);
  if (column.type === 'timestamptz') return new Date(value as Date | string);
  if (column.type === 'jsonb') return JSON.parse(JSON.stringify(value));
  return value;
}

function traceparentOf(row: AuditMessage): string | undefined {
  return (row.headers as Record<string, string>)['traceparent'];
}

function linkOf(row: AuditMessage): ChainLink {
  return { chainSeq: Number(row.chain_seq), messageId: row.message_id, hash: row.hash };
}
