/**
 * `audit_messages` as its migrations create it: the one description of a row, from which
 * the row's types, the columns ingest writes, and the check against the table
 * (`entities.spec.ts`) are derived.
 *
 * Not a TypeORM entity: TypeORM reads a generated column's expression back only from its
 * own `typeorm_metadata` table, which this schema does not have, so no entity of this
 * table can be checked against it without adding one (see entities.spec.ts).
 */
export const AUDIT_MESSAGE_COLUMNS = {
  message_id: { type: 'text' },
  stream: { type: 'text' },
  stream_sequence: { type: 'bigint' },
  subject: { type: 'text' },
  type: { type: 'text', nullable: true },
  source: { type: 'text', nullable: true },
  correlation_id: { type: 'text', nullable: true },
  causation_id: { type: 'text', nullable: true },
  actor_kind: { type: 'text', nullable: true },
  actor_id: { type: 'text', nullable: true },
  target: { type: 'text', nullable: true },
  occurred_at: { type: 'timestamptz', nullable: true },
  stored_at: { type: 'timestamptz' },
  recorded_at: { type: 'timestamptz', filledBy: 'default' },
  valid: { type: 'boolean' },
  problems: { type: 'text', nullable: true },
  headers: { type: 'jsonb' },
  envelope: { type: 'jsonb', nullable: true },
  body: { type: 'text', nullable: true },
  // Set by the store as it chains the row (chainRecords), under the chain's lock.
  chain_seq: { type: 'bigint', filledBy: 'chain' },
  hash: { type: 'text', filledBy: 'chain' },
  // The guests the message names, derived from the envelope by PostgreSQL (migration AuditGuestRefs1732800000000).
  guest_refs: { type: 'jsonb', nullable: true, filledBy: 'generation' },
} as const satisfies Record<string, AuditColumn>;

export interface AuditColumn {
  type: 'text' | 'bigint' | 'boolean' | 'timestamptz' | 'jsonb';
  nullable?: true;
  /** Not in a record: set by PostgreSQL (a column default, a generated column) or by the store's chaining. */
  filledBy?: 'default' | 'chain' | 'generation';
}

type Columns = typeof AUDIT_MESSAGE_COLUMNS;
type Nullable<C> = C extends { nullable: true } ? null : never;

/** Values as node-postgres returns them: bigint as text (it may pass 2^53), JSON parsed. */
interface ReadValues {
  text: string;
  bigint: string;
  boolean: boolean;
  timestamptz: Date;
  jsonb: unknown;
}

/** Values as ingest passes them: a time as JetStream or the envelope gave it. */
interface WrittenValues {
  text: string;
  bigint: number;
  boolean: boolean;
  timestamptz: Date | string;
  jsonb: unknown;
}

type WrittenColumn = {
  [K in keyof Columns]: Columns[K] extends { filledBy: string } ? never : K;
}[keyof Columns];

/** One row of the audit log as read. */
export type AuditMessage = {
  -readonly [K in keyof Columns]: ReadValues[Columns[K]['type']] | Nullable<Columns[K]>;
};

/** One row as ingest writes it (secrets already redacted): what was sent, by whom, for which user action. */
export type AuditRecord = {
  -readonly [K in WrittenColumn]: WrittenValues[Columns[K]['type']] | Nullable<Columns[K]>;
};

/** The columns ingest writes, in the table's order. */
export const WRITTEN_COLUMNS = (Object.keys(AUDIT_MESSAGE_COLUMNS) as Array<keyof Columns>).filter(
  (column): column is WrittenColumn => !('filledBy' in AUDIT_MESSAGE_COLUMNS[column]),
);
