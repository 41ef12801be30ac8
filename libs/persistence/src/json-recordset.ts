import type { EntityMetadata } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * Many rows of an entity as one statement parameter: a JSON array of the entity's
 * properties, unpacked by PostgreSQL's `jsonb_to_recordset` with each column's type. A
 * batch of hundreds of guests is one round trip with one parameter (no limit on bind
 * parameters), and the column names and types come from the entity, so the SQL cannot
 * drift from it.
 */
export class JsonRecordset<Row> {
  private readonly columns: readonly ColumnMetadata[];

  constructor(metadata: EntityMetadata, properties: ReadonlyArray<keyof Row & string>) {
    this.columns = properties.map((property) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.name} has no column for "${property}"`);
      return column;
    });
  }

  /** The table's names of the columns, as an INSERT lists them. */
  get columnNames(): string {
    return this.columns.map((column) => `"${column.databaseName}"`).join(', ');
  }

  /** The record's values in the same order, as a SELECT lists them. */
  get values(): string {
    return this.columns.map((column) => `r."${column.propertyName}"`).join(', ');
  }

  /** `column = <value>` for each column but `keys`, the value made from the column and the record's field. */
  assignments(value: (column: string, field: string) => string, keys: readonly string[] = []): string {
    return this.columns
      .filter((column) => !keys.includes(column.propertyName))
      .map(
        (column) =>
          `"${column.databaseName}" = ${value(`"${column.databaseName}"`, `r."${column.propertyName}"`)}`,
      )
      .join(', ');
  }

  /** The FROM item that unpacks parameter `$index` into records `r`. */
  from(index: number): string {
    const fields = this.columns.map(
      (column) => `"${column.propertyName}" ${String(column.type)}${column.isArray ? '[]' : ''}`,
    );
    return `jsonb_to_recordset($${index}::jsonb) AS r(${fields.join(', ')})`;
  }

  /** The parameter itself. */
  parameter(rows: readonly Row[]): string {
    return JSON.stringify(rows);
  }
}
