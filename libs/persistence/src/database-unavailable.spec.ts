import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { databaseUnavailable } from './database-unavailable';
import { openDataSource } from './open-data-source';

/** Each failure made for real against PostgreSQL, then classified. */
describe(databaseUnavailable.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  /** The error `statement` fails with. */
  const failureOf = async (statement: () => Promise<unknown>): Promise<unknown> =>
    statement().then(
      () => {
        throw new Error('the statement was expected to fail');
      },
      (error: unknown) => error,
    );

  /** Ends the server process running `statement`, as a restarting PostgreSQL ends every one. */
  const terminateWhileRunning = async (statement: string) => {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      for (;;) {
        const { rows } = await admin.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()',
          [statement],
        );
        if (rows[0]) {
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    dataSource = await openDataSource({ url: database.url, schema: 'unavailable', migrations: [] });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  // First: the connection ended below goes back to the pool dead, failing the next statement on it.
  it('should leave alone a statement the database refused', async () => {
    const error = await failureOf(() => dataSource.query('SELECT 1 / 0'));

    expect((error as Error).message).toBe('division by zero');
    expect(databaseUnavailable(error)).toBeUndefined();
  });

  it('should say why when the server ended the connection a statement was on', async () => {
    const statement = 'SELECT pg_sleep(30)';

    const [error] = await Promise.all([
      failureOf(() => dataSource.query(statement)),
      terminateWhileRunning(statement),
    ]);

    expect(databaseUnavailable(error)).toBe('terminating connection due to administrator command');
  });

  it('should say why when nothing listens where the database should be', async () => {
    const url = new URL(database.url);
    url.port = '1';
    const client = new Client({ connectionString: url.toString() });

    const error = await failureOf(() => client.connect());

    expect(databaseUnavailable(error)).toMatch(/ECONNREFUSED/);
  });

  it('should leave alone what is not a database error', () => {
    expect(databaseUnavailable(new TypeError('not a function'))).toBeUndefined();
    expect(databaseUnavailable('Connection terminated')).toBeUndefined();
  });
});
