import { hash } from 'node:crypto';
import type { ChainLink } from './audit-log.store';
import { AUDIT_MESSAGE_COLUMNS, type AuditMessage, type AuditRecord } from './audit-message';

/**
 * The columns a row's hash covers, in the order `audit_row_content` (migration
 * AuditHashChain1732500000000) lists them: verification recomputes every hash with that
 * SQL function, so the text made here must be the text it makes.
 */
const CONTENT_COLUMNS = [
  'chain_seq',
  'message_id',
  'stream',
  'stream_sequence',
  'subject',
  'type',
  'source',
  'correlation_id',
  'causation_id',
  'actor_kind',
  'actor_id',
  'target',
  'occurred_at',
  'stored_at',
  'valid',
  'problems',
  'headers',
  'envelope',
  'body',
] as const satisfies ReadonlyArray<keyof AuditMessage>;

type ContentColumn = (typeof CONTENT_COLUMNS)[number];

/** The jsonb columns: printed once per row, for its hash and as the text the store sends. */
const JSONB_COLUMNS = ['headers', 'envelope'] as const satisfies ReadonlyArray<
  {
    [C in ContentColumn]: (typeof AUDIT_MESSAGE_COLUMNS)[C]['type'] extends 'jsonb' ? C : never;
  }[ContentColumn]
>;
export type JsonbColumn = (typeof JSONB_COLUMNS)[number];

export function isJsonbColumn(column: string): column is JsonbColumn {
  return (JSONB_COLUMNS as readonly string[]).includes(column);
}

/** Each content column with how its value is printed, in `CONTENT_COLUMNS` order. */
const CONTENT_KINDS = CONTENT_COLUMNS.map((column) => [column, AUDIT_MESSAGE_COLUMNS[column].type] as const);

/**
 * A record with its place in the chain. Its times are ISO 8601 in UTC, to the millisecond:
 * the instants stored and hashed, sent as text (node-postgres formats a Date more slowly).
 * `jsonb` holds its jsonb columns as printed for the hash, which is also valid JSON for
 * the same values: the store sends that text instead of serialising them again.
 */
export type ChainedRecord = Omit<AuditRecord, 'occurred_at' | 'stored_at'> & {
  occurred_at: string | null;
  stored_at: string;
  chain_seq: number;
  hash: string;
  jsonb: Record<JsonbColumn, string | null>;
};

/**
 * Chains `records` after `head`, in their order: each one whose message is not
 * `recorded` yet (nor earlier in `records`) takes the next place, and its hash covers the
 * previous row's hash and its own content. Redeliveries take no place, so the chain has
 * no gap. If another writer chained after `head` first, the rows' places are taken: the
 * unique `chain_seq` refuses them, and the caller chains again after the new head.
 */
export function chainRecords(
  head: ChainLink | undefined,
  records: readonly AuditRecord[],
  recorded: Iterable<string>,
): ChainedRecord[] {
  const seen = new Set(recorded);
  const chained: ChainedRecord[] = [];
  let previous: Pick<ChainLink, 'chainSeq' | 'hash'> | undefined = head;
  for (const record of records) {
    if (seen.has(record.message_id)) continue;
    seen.add(record.message_id);
    const row: ChainedRecord = {
      ...record,
      occurred_at: record.occurred_at === null ? null : new Date(record.occurred_at).toISOString(),
      stored_at: new Date(record.stored_at).toISOString(),
      chain_seq: (previous?.chainSeq ?? 0) + 1,
      hash: '',
      jsonb: {
        headers: jsonbText(record.headers),
        envelope: record.envelope === null ? null : jsonbText(record.envelope),
      },
    };
    row.hash = chainHash(previous?.hash, row);
    chained.push(row);
    previous = { chainSeq: row.chain_seq, hash: row.hash };
  }
  return chained;
}

/** What `audit_chain_hash(previous, audit_row_content(row))` returns, for a row as written or as read. */
export function chainHash(
  previous: string | undefined,
  row: { [C in ContentColumn]: ChainedRecord[C] | AuditMessage[C] } & Partial<Pick<ChainedRecord, 'jsonb'>>,
): string {
  // Appended rather than mapped and joined: this runs for every row.
  let content = '';
  for (const [column, type] of CONTENT_KINDS) {
    const value = row[column];
    const text =
      value === null
        ? 'null'
        : type === 'bigint'
          ? String(value)
          : type === 'timestamptz'
            ? timestampText(value instanceof Date ? value.toISOString() : (value as string))
            : ((isJsonbColumn(column) ? row.jsonb?.[column] : undefined) ?? jsonbText(value));
    content += content ? `, ${text}` : text;
  }
  return hash('sha256', `${previous ?? ''}|[${content}]`, 'hex');
}

/**
 * A value as PostgreSQL prints it inside jsonb: `", "` and `": "` between items, object
 * keys shorter first then bytewise, numbers without exponent (jsonb keeps them as numeric).
 * Values are what JSON.stringify sends: parsed JSON, with no undefined.
 */
function jsonbText(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return numericText(JSON.stringify(value));
  if (typeof value === 'boolean') return String(value);
  // Appended rather than mapped and joined: this runs for every value of every row.
  let text = '';
  if (Array.isArray(value)) {
    for (const item of value) text += `${text ? ', ' : '['}${jsonbText(item)}`;
    return text ? `${text}]` : '[]';
  }
  const object = value as Record<string, unknown>;
  for (const key of jsonbKeys(object)) {
    text += `${text ? ', ' : '{'}${JSON.stringify(key)}: ${jsonbText(object[key])}`;
  }
  return text ? `${text}}` : '{}';
}

const NON_ASCII = /[^\0-\x7f]/;

/** An object's keys in jsonb's order: shorter first, in UTF-8 bytes, then bytewise. */
function jsonbKeys(object: object): string[] {
  const keys = Object.keys(object);
  // ASCII keys (nearly all) compare by their length and as strings.
  return NON_ASCII.test(keys.join(''))
    ? keys.sort(
        (a, b) =>
          Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)),
      )
    : keys.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
}

// JSON.stringify writes an exponent from 1e21 up and from 1e-7 down; numeric never does.
const EXPONENT_FORM = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/;

function numericText(json: string): string {
  const match = EXPONENT_FORM.exec(json);
  if (!match) return json;
  const [, sign, whole, fraction = '', exponent] = match;
  const digits = `${whole}${fraction}`;
  const point = 1 + Number(exponent);
  return point <= 0
    ? `${sign}0.${'0'.repeat(-point)}${digits}`
    : `${sign}${digits}${'0'.repeat(point - digits.length)}`;
}

/** An ISO 8601 UTC time (`…T12:34:56.780Z`) as jsonb prints a timestamptz in UTC: no trailing zeros in the fraction. */
function timestampText(iso: string): string {
  return `"${iso.slice(0, 19)}${iso.slice(19, 23).replace(/\.?0+$/, '')}+00:00"`;
}
