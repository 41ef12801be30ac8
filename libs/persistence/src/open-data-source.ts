import { Client } from 'pg';
import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';
import { describeDatabaseUrl } from './database-url';

export interface DataSourceOptions {
  url: string;
  /** The service's own schema: no service reads another's tables. */
  schema: string;
  migrations: Array<new () => MigrationInterface>;
  /** The row classes (TypeORM entities) of the service's tables; the migrations create the tables. */
  entities?: EntitySchemaOrClass[];
  poolSize?: number;
  applicationName?: string;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for an entity class
export type EntitySchemaOrClass = Function | EntitySchema;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const POOL_IDLE_TIMEOUT_MS = 60_000;

/**
 * Opens a pool on the service's schema and brings it up to date with its committed
 * migrations (never `synchronize`). Replicas starting together take turns through an
 * advisory lock, so a migration runs once.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  const where = describeDatabaseUrl(options.url);
  // TypeORM creates its migrations table inside the schema, so the schema comes first.
  const admin = new Client({ connectionString: options.url });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`cannot connect to PostgreSQL at ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [`proxmox-mpc:migrate:${options.schema}`]);
    // Asked first, so a role that may use the schema but not create one (the stdio MCP
    // server's) gets past this once the service has created it.
    const [existing] = (await admin.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [options.schema]))
      .rows;
    if (!existing) await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      migrations: options.migrations,
      entities: options.entities ?? [],
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      synchronize: false,
      logging: false,
      // Unqualified table names in raw SQL (migrations, the bus's inbox and outbox)
      // resolve to the service's schema.
      extra: {
        options: `-c search_path=${options.schema}`,
        max: options.poolSize ?? 10,
        // pg's default lets a connection go after 10 s idle: a scheduled pass (every 10-60 s)
        // then opened its connections again each time, each a new PostgreSQL backend with
        // password authentication and cold catalog caches (a tenth of a 10,000-guest
        // incremental pass). A minute keeps them across passes.
        idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
        application_name: options.applicationName ?? options.schema,
      },
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } catch (error) {
      await dataSource.destroy();
      throw new Error(`migrations for schema "${options.schema}" failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return dataSource;
  } finally {
    await admin.end();
  }
}

export async function isDatabaseReachable(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
