import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';

/** A value as COPY's text format takes it: jsonb as its JSON text, a time as ISO 8601 text. */
export type CopyValue = string | number | boolean | null;

/**
 * Inserts `rows` into `table` with one `COPY … FROM STDIN`: all of them or, on any error
 * (a unique or NOT NULL violation, say), none, as one INSERT would. PostgreSQL spends
 * about half the CPU per row it spends on a multi-row INSERT with bind parameters (no
 * statement to plan, no parameter list to read), and there is no parameter limit.
 */
export async function copyRows(
  dataSource: DataSource,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  let text = '';
  for (const row of rows) text += `${row.map(copyField).join('\t')}\n`;
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    // The copy stream finishes once PostgreSQL has committed the rows.
    await pipeline(
      Readable.from([Buffer.from(text)]),
      client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
    );
  } finally {
    await runner.release();
  }
}

// What COPY's text format reads as a separator, an end of row or an escape.
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return COPY_SPECIAL.test(value)
    ? value.replace(COPY_SPECIALS, (special) => COPY_ESCAPES[special] as string)
    : value;
}
