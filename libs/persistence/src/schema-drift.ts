import type { DataSource } from 'typeorm';

/**
 * What TypeORM would change to make the database match the entities: nothing when the
 * committed migrations and the row classes agree. Each service's spec asserts it is
 * empty, so a row class cannot drift from the table it describes.
 */
export async function entitySchemaDrift(dataSource: DataSource): Promise<string[]> {
  const pending = await dataSource.driver.createSchemaBuilder().log();
  return pending.upQueries.map((query) => query.query);
}
