import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge index: documents from each source, their citation units (chunks) with a
 * dense vector each, and the postings that rank them lexically (BM25F over PostgreSQL's
 * English stemming). `knowledge_corpus` counts changes, so replicas know when to reload
 * vectors, and holds the fitted embedding model.
 */
export class Knowledge1733500000000 implements MigrationInterface {
  name = 'Knowledge1733500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE knowledge_documents (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('docs', 'inventory', 'iac', 'audit', 'project')),
        path text NOT NULL,
        title text NOT NULL,
        content_hash text NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT knowledge_documents_source_path UNIQUE (source, path)
      )`);
    await queryRunner.query(`
      CREATE TABLE knowledge_chunks (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        citation text NOT NULL,
        source text NOT NULL,
        kind text NOT NULL,
        heading text NOT NULL,
        title_text text NOT NULL,
        body text NOT NULL,
        content_hash text NOT NULL,
        title_length integer NOT NULL DEFAULT 0,
        body_length integer NOT NULL DEFAULT 0,
        node text,
        target text,
        workspace text,
        vmid integer,
        guest_name text,
        actor text,
        occurred_at timestamptz,
        embedding real[]
      )`);
    await queryRunner.query(`CREATE INDEX knowledge_chunks_document ON knowledge_chunks (document_id)`);
    await queryRunner.query(`CREATE INDEX knowledge_chunks_citation ON knowledge_chunks (citation)`);
    await queryRunner.query(`
      CREATE TABLE knowledge_postings (
        lexeme text NOT NULL,
        chunk_id uuid NOT NULL REFERENCES knowledge_chunks (id) ON DELETE CASCADE,
        title_tf integer NOT NULL,
        body_tf integer NOT NULL,
        PRIMARY KEY (lexeme, chunk_id)
      )`);
    await queryRunner.query(`CREATE INDEX knowledge_postings_chunk ON knowledge_postings (chunk_id)`);
    await queryRunner.query(`
      CREATE TABLE knowledge_corpus (
        id integer PRIMARY KEY CHECK (id = 1),
        revision bigint NOT NULL,
        chunk_count integer NOT NULL DEFAULT 0,
        title_length_avg double precision NOT NULL DEFAULT 1,
        body_length_avg double precision NOT NULL DEFAULT 1,
        audit_cursor bigint NOT NULL DEFAULT 0,
        embedder text,
        model bytea
      )`);
    await queryRunner.query(`INSERT INTO knowledge_corpus (id, revision) VALUES (1, 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TABLE knowledge_postings, knowledge_chunks, knowledge_documents, knowledge_corpus`,
    );
  }
}
