import type { AuditSearchRequest } from '@proxmox-mpc/contracts';
import type { AuditMessage, AuditRecord } from './audit-message';

/** What a search narrows the log to; a filter left out does not narrow it. */
export type AuditFilter = Omit<AuditSearchRequest, 'cursor' | 'limit'>;

/** The columns a search returns of each row. */
export const SEARCH_COLUMNS = [
  'chain_seq',
  'message_id',
  'subject',
  'type',
  'source',
  'correlation_id',
  'causation_id',
  'actor_kind',
  'actor_id',
  'target',
  'guest_refs',
  'occurred_at',
  'stored_at',
  'valid',
  'problems',
  'body',
] as const satisfies ReadonlyArray<keyof AuditMessage>;

/** A row as a search returns it, with the trace it was sent in and its envelope's data. */
export type AuditSearchRow = Pick<AuditMessage, (typeof SEARCH_COLUMNS)[number]> & {
  traceparent: string | null;
  data: unknown;
};

/** One row's place in the hash chain. */
export interface ChainLink {
  chainSeq: number;
  messageId: string;
  hash: string;
}

/** The first row that does not follow from the one before it, and how. */
export interface ChainBreak {
  chainSeq: number;
  messageId: string;
  cause: 'row-missing-before' | 'hash-mismatch';
}

/** Every read and write of `audit_messages`, an append-only, hash-chained log. */
export abstract class AuditLogStore {
  /**
   * Inserts the records in one statement, idempotent by message id: a message already
   * recorded (or twice in `records`) is skipped, and takes no place in the chain. A
   * record the database refuses fails the whole call.
   */
  abstract append(records: readonly AuditRecord[]): Promise<void>;

  /**
   * A hint that `records` are the next to append: a store may chain them now, while the
   * append in flight is written, and send them as soon as it commits. `append` of the same
   * array uses that work only if the chain still ends where it was done after.
   */
  prepare(_records: readonly AuditRecord[]): void {
    // A store that chains only as it appends has nothing to do ahead.
  }

  /** The rows `filter` matches after chain_seq `after`, in chain order, at most `limit`. */
  abstract search(filter: AuditFilter, page: { after?: string; limit: number }): Promise<AuditSearchRow[]>;

  /** The `traceparent` header of the first row `filter` matches that carries one. */
  abstract firstTraceparent(filter: AuditFilter): Promise<string | undefined>;

  /** How many rows there are, and the first one whose hash or place does not follow from the row before. */
  abstract checkChain(): Promise<{ rows: number; firstBreak?: ChainBreak }>;

  /** The newest row's link, or undefined for an empty log. */
  abstract head(): Promise<ChainLink | undefined>;

  /** The link at `chainSeq`, or undefined when no row has that place. */
  abstract linkAt(chainSeq: number): Promise<ChainLink | undefined>;

  /** Whether rows other than those on `ignoredSubject` were recorded after `chainSeq`. */
  abstract grewSince(chainSeq: number, ignoredSubject: string): Promise<boolean>;
}
