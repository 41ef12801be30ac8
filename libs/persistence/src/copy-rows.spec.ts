import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { copyRows } from './copy-rows';
import { openDataSource } from './open-data-source';

const COLUMNS = ['id', 'body', 'data', 'at', 'done'];

describe(copyRows.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  const stored = (): Promise<unknown[]> =>
    dataSource.query(`SELECT id, body, data, to_json(at) #>> '{}' AS at, done FROM notes ORDER BY id`);

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    dataSource = await openDataSource({ url: database.url, schema: 'copy_rows', migrations: [] });
    await dataSource.query(
      'CREATE TABLE notes (id int PRIMARY KEY, body text, data jsonb, at timestamptz, done boolean NOT NULL)',
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('should store every value as given: separators, escapes, a literal \\N and nulls', async () => {
    const body = 'tab\there, new\nline, return\r, back\\slash, \\N, é 😀';

    await copyRows(dataSource, 'notes', COLUMNS, [
      [1, body, JSON.stringify({ text: 'a "quoted" \\ tab\t' }), '2026-01-02T03:04:05.678Z', true],
      [2, '\\N', null, null, false],
      [3, null, '[1, 2.5e-7]', null, false],
    ]);

    expect(await stored()).toEqual([
      { id: 1, body, data: { text: 'a "quoted" \\ tab\t' }, at: '2026-01-02T03:04:05.678+00:00', done: true },
      { id: 2, body: '\\N', data: null, at: null, done: false },
      { id: 3, body: null, data: [1, 2.5e-7], at: null, done: false },
    ]);
  });

  it('should write none of the rows when one is refused, and name the cause', async () => {
    const before = await stored();

    const copied = copyRows(dataSource, 'notes', COLUMNS, [
      [10, 'fine', null, null, true],
      [1, 'a second row with id 1', null, null, true],
    ]);

    await expect(copied).rejects.toMatchObject({
      code: '23505',
      message: expect.stringMatching(/notes_pkey/),
    });
    expect(await stored()).toEqual(before);
    // The connection went back to the pool usable.
    await copyRows(dataSource, 'notes', COLUMNS, [[11, 'after', null, null, false]]);
    expect(await stored()).toHaveLength(before.length + 1);
  });
});
