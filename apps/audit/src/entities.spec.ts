import type { DataSource } from 'typeorm';
import { AUDIT_MESSAGE_COLUMNS, type AuditColumn } from './audit-log/audit-message';
import { openAuditDatabase, type AuditDatabase } from './__tests__/audit-database';

interface ColumnRow {
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
  column_default: string | null;
}

const TYPE_OF_UDT: Record<string, AuditColumn['type']> = {
  text: 'text',
  int8: 'bigint',
  bool: 'boolean',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
};

// Set by the store as it chains each row, which nothing in the table's definition says.
const CHAIN_COLUMNS = new Set(['chain_seq', 'hash']);

/**
 * `audit_messages` is described by AUDIT_MESSAGE_COLUMNS rather than a TypeORM entity:
 * TypeORM reads a generated column back only through its own `typeorm_metadata` table,
 * which this schema does not have, so TypeORM's drift check cannot read this table.
 * This spec holds the description to the table instead: names, order, types, NULLs, and
 * what fills the columns ingest does not write.
 */
describe('audit rows', () => {
  let database: AuditDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await openAuditDatabase();
    dataSource = database.dataSource;
  });

  afterAll(async () => {
    await database?.close();
  });

  it('should describe exactly the columns its migrations create', async () => {
    const columns: ColumnRow[] = await dataSource.query(
      `SELECT column_name, udt_name, is_nullable, is_generated, column_default
         FROM information_schema.columns
        WHERE table_schema = 'audit' AND table_name = 'audit_messages'
        ORDER BY ordinal_position`,
    );

    expect(
      columns.map((column) => ({
        name: column.column_name,
        type: TYPE_OF_UDT[column.udt_name] ?? column.udt_name,
        nullable: column.is_nullable === 'YES',
        filledBy:
          column.is_generated === 'ALWAYS'
            ? 'generation'
            : column.column_default !== null
              ? 'default'
              : CHAIN_COLUMNS.has(column.column_name)
                ? 'chain'
                : undefined,
      })),
    ).toEqual(
      Object.entries(AUDIT_MESSAGE_COLUMNS).map(([name, column]: [string, AuditColumn]) => ({
        name,
        type: column.type,
        nullable: column.nullable === true,
        filledBy: column.filledBy,
      })),
    );
  });
});
