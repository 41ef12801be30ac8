import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Postings no longer carry a foreign key to their chunk. They are an index derived from
 * the chunks, written and removed only by PostgresKnowledgeStore, in the transaction that
 * writes or removes their chunk, under the document's lock. The key's check, one lookup
 * and row lock per posting, was a third of inserting postings (8.5 against 5.7 µs a row;
 * a 10,000-guest inventory is about 550,000 postings), the largest part of PostgreSQL's
 * work while rag indexes a full sync.
 */
export class PostingsWithoutChunkKey1733600000000 implements MigrationInterface {
  name = 'PostingsWithoutChunkKey1733600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE knowledge_postings DROP CONSTRAINT knowledge_postings_chunk_id_fkey`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM knowledge_postings p WHERE NOT EXISTS (SELECT 1 FROM knowledge_chunks c WHERE c.id = p.chunk_id)`,
    );
    await queryRunner.query(`
      ALTER TABLE knowledge_postings ADD CONSTRAINT knowledge_postings_chunk_id_fkey
        FOREIGN KEY (chunk_id) REFERENCES knowledge_chunks (id) ON DELETE CASCADE`);
  }
}
