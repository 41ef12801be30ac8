import { randomUUID } from 'node:crypto';
import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { Knowledge1733500000000 } from './1733500000000-knowledge';
import { PostingsWithoutChunkKey1733600000000 } from './1733600000000-postings-without-chunk-key';

/** Postings keep their rows without the key; going back drops postings of no chunk and restores it. */
describe(PostingsWithoutChunkKey1733600000000.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const document = randomUUID();
  const chunk = randomUUID();

  const postingInsert = (chunkId: string, lexeme: string) =>
    dataSource.query(
      `INSERT INTO knowledge_postings (lexeme, chunk_id, title_tf, body_tf) VALUES ($1, $2, 0, 1)`,
      [lexeme, chunkId],
    );
  const postings = async () =>
    (
      await dataSource.query<Array<{ lexeme: string }>>(
        `SELECT lexeme FROM knowledge_postings ORDER BY lexeme`,
      )
    ).map((row) => row.lexeme);

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    const before = await openDataSource({
      url: database.url,
      schema: 'rag',
      migrations: [Knowledge1733500000000],
    });
    await before.query(
      `INSERT INTO knowledge_documents (id, source, kind, path, title, content_hash, updated_at)
       VALUES ($1, 'handbook', 'docs', 'zfs.md', 'ZFS', 'h', now())`,
      [document],
    );
    await before.query(
      `INSERT INTO knowledge_chunks (id, document_id, ordinal, citation, source, kind, heading, title_text, body, content_hash)
       VALUES ($1, $2, 0, 'zfs.md#mirror', 'handbook', 'docs', 'mirror', 'mirror', 'ZFS mirrors', 'h')`,
      [chunk, document],
    );
    await before.query(
      `INSERT INTO knowledge_postings (lexeme, chunk_id, title_tf, body_tf) VALUES ('mirror', $1, 1, 1)`,
      [chunk],
    );
    await before.destroy();
    dataSource = await openDataSource({
      url: database.url,
      schema: 'rag',
      migrations: [Knowledge1733500000000, PostingsWithoutChunkKey1733600000000],
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('should keep the postings there and take one whose chunk the key would refuse', async () => {
    await postingInsert(randomUUID(), 'orphan');

    expect(await postings()).toEqual(['mirror', 'orphan']);
  });

  it('should drop postings of no chunk and refuse them again when undone', async () => {
    await dataSource.undoLastMigration();

    expect(await postings()).toEqual(['mirror']);
    await expect(postingInsert(randomUUID(), 'orphan')).rejects.toThrow(/knowledge_postings_chunk_id_fkey/);
  });
});
