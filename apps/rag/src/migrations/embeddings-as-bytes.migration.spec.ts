import { randomUUID } from 'node:crypto';
import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { fromEmbeddingBytes } from '../knowledge/embedding-bytes';
import { Knowledge1733500000000 } from './1733500000000-knowledge';
import { PostingsWithoutChunkKey1733600000000 } from './1733600000000-postings-without-chunk-key';
import { EmbeddingsAsBytes1733700000000 } from './1733700000000-embeddings-as-bytes';

/** Stored vectors become bytes and, going back, the same values again. */
describe(EmbeddingsAsBytes1733700000000.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const document = randomUUID();
  const embedded = randomUUID();
  const unembedded = randomUUID();
  // Normal and subnormal values, both signs, zero, and ones no decimal prints exactly.
  const values = Float32Array.from([1.5, -0.25, 0, 1 / 3, -2e-40, 123456.789, -0.1]);

  const embeddingOf = async (id: string) =>
    (
      await dataSource.query<Array<{ embedding: unknown }>>(
        `SELECT embedding FROM knowledge_chunks WHERE id = $1`,
        [id],
      )
    )[0]?.embedding;

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    const before = await openDataSource({
      url: database.url,
      schema: 'rag',
      migrations: [Knowledge1733500000000, PostingsWithoutChunkKey1733600000000],
    });
    await before.query(
      `INSERT INTO knowledge_documents (id, source, kind, path, title, content_hash, updated_at)
       VALUES ($1, 'handbook', 'docs', 'zfs.md', 'ZFS', 'h', now())`,
      [document],
    );
    for (const [id, ordinal, embedding] of [
      [embedded, 0, [...values]],
      [unembedded, 1, null],
    ] as const) {
      await before.query(
        `INSERT INTO knowledge_chunks (id, document_id, ordinal, citation, source, kind, heading, title_text, body, content_hash, embedding)
         VALUES ($1, $2, $3, 'zfs.md#mirror', 'handbook', 'docs', 'mirror', 'mirror', 'ZFS mirrors', 'h', $4::real[])`,
        [id, document, ordinal, embedding],
      );
    }
    await before.destroy();
    dataSource = await openDataSource({
      url: database.url,
      schema: 'rag',
      migrations: [
        Knowledge1733500000000,
        PostingsWithoutChunkKey1733600000000,
        EmbeddingsAsBytes1733700000000,
      ],
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('should hold each stored vector as the bytes rag reads it from, and none where there was none', async () => {
    const bytes = await embeddingOf(embedded);

    expect(bytes).toBeInstanceOf(Buffer);
    expect(fromEmbeddingBytes(bytes as Buffer)).toEqual(values);
    expect(await embeddingOf(unembedded)).toBeNull();
  });

  it('should give the same values back when undone', async () => {
    await dataSource.undoLastMigration();

    expect(Float32Array.from((await embeddingOf(embedded)) as number[])).toEqual(values);
    expect(await embeddingOf(unembedded)).toBeNull();
  });
});
