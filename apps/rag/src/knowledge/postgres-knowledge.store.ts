import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import { JsonRecordset, managerOf, type Transaction } from '@proxmox-mpc/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { KnowledgeChunk } from './knowledge-chunk.entity';
import { KnowledgeCorpus } from './knowledge-corpus.entity';
import { KnowledgeDocument } from './knowledge-document.entity';
import { fromEmbeddingBytes, toEmbeddingBytes } from './embedding-bytes';
import {
  KnowledgeStore,
  planChunks,
  type ChunkChanges,
  type ChunkDraft,
  type ChunkPlan,
  type DocumentDraft,
  type StoredChunk,
  type ChunkFilter,
  type ChunkVector,
  type LexemeCounts,
} from './knowledge.store';

// BM25F: k1 saturates repeats; title words count TITLE_WEIGHT times a body word, and each
// field is normalised by its own length (titles less, as they are short by nature).
const K1 = 1.2;
const TITLE_WEIGHT = 2;
const TITLE_B = 0.5;
const BODY_B = 0.75;
// PostgreSQL's English configuration: Snowball stemming and stop words, for index and query alike.
const TEXT_SEARCH_CONFIG = 'english';

/** What a chunk row is written with; its lengths and vector are computed after. */
type ChunkRow = ChunkDraft & Pick<KnowledgeChunk, 'id' | 'documentId' | 'ordinal' | 'source' | 'kind'>;

const CHUNK_COLUMNS: ReadonlyArray<keyof ChunkRow & string> = [
  'id',
  'documentId',
  'ordinal',
  'citation',
  'source',
  'kind',
  'heading',
  'titleText',
  'body',
  'contentHash',
  'node',
  'target',
  'workspace',
  'vmid',
  'guestName',
  'actor',
  'occurredAt',
];

function documentKey(document: { source: string; path: string }): string {
  return `${document.source}\n${document.path}`;
}

@Injectable()
export class PostgresKnowledgeStore extends KnowledgeStore {
  private readonly documentRows: JsonRecordset<KnowledgeDocument>;
  private readonly chunkRows: JsonRecordset<ChunkRow>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.documentRows = new JsonRecordset(dataSource.getMetadata(KnowledgeDocument), [
      'id',
      'source',
      'kind',
      'path',
      'title',
      'contentHash',
      'updatedAt',
    ]);
    this.chunkRows = new JsonRecordset(dataSource.getMetadata(KnowledgeChunk), CHUNK_COLUMNS);
  }

  async documentsOf(
    source: string,
  ): Promise<Array<Pick<KnowledgeDocument, 'id' | 'path' | 'contentHash' | 'updatedAt'>>> {
    return this.dataSource
      .getRepository(KnowledgeDocument)
      .find({ select: { id: true, path: true, contentHash: true, updatedAt: true }, where: { source } });
  }

  async contentHashes(
    tx: Transaction,
    source: string,
    paths: readonly string[],
  ): Promise<Map<string, string>> {
    const rows: Array<{ path: string; content_hash: string }> = await managerOf(this.dataSource, tx).query(
      `SELECT path, content_hash FROM knowledge_documents WHERE source = $1 AND path = ANY($2::text[])`,
      [source, paths],
    );
    return new Map(rows.map((row) => [row.path, row.content_hash]));
  }

  async saveDocuments(tx: Transaction, drafts: readonly DocumentDraft[]): Promise<ChunkChanges> {
    const changes: ChunkChanges = { written: [], unchanged: 0, removed: [] };
    if (drafts.length === 0) return changes;
    const manager = managerOf(this.dataSource, tx);
    await lockDocuments(
      manager,
      drafts.map(({ document }) => document),
    );
    const existing = await this.documentIds(manager, drafts);
    const documents = drafts.map(({ document }) => ({
      ...document,
      id: existing.get(documentKey(document)) ?? document.id,
    }));
    await manager.query(
      `INSERT INTO knowledge_documents (${this.documentRows.columnNames})
       SELECT ${this.documentRows.values} FROM ${this.documentRows.from(1)}
       ON CONFLICT (id) DO UPDATE SET ${this.documentRows.assignments((column) => `EXCLUDED.${column}`, ['id'])}`,
      [this.documentRows.parameter(documents)],
    );

    const stored: Array<StoredChunk & { documentId: string }> = await manager.query(
      `SELECT id, document_id AS "documentId", citation, content_hash AS "contentHash", ordinal
         FROM knowledge_chunks WHERE document_id = ANY($1::uuid[])`,
      [documents.map((document) => document.id)],
    );
    const written: ChunkRow[] = [];
    const drafted: Array<{ id: string; draft: ChunkDraft }> = [];
    const moved: ChunkPlan['moved'] = [];
    for (const [index, { chunks }] of drafts.entries()) {
      const document = documents[index] as KnowledgeDocument;
      const plan = planChunks(
        chunks,
        stored.filter((chunk) => chunk.documentId === document.id),
        randomUUID,
      );
      for (const { id, draft, ordinal } of plan.written) {
        written.push({
          ...draft,
          id,
          documentId: document.id,
          ordinal,
          source: document.source,
          kind: document.kind,
        });
        drafted.push({ id, draft });
      }
      moved.push(...plan.moved);
      changes.unchanged += plan.unchanged;
      changes.removed.push(...plan.removed);
    }
    if (moved.length > 0) {
      await manager.query(
        `UPDATE knowledge_chunks c SET ordinal = r.ordinal
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, ordinal integer) WHERE c.id = r.id`,
        [JSON.stringify(moved)],
      );
    }
    if (written.length > 0) {
      // A rewritten chunk starts again from nothing: indexPostings counts its lengths, and
      // its vector is computed anew.
      await manager.query(
        `INSERT INTO knowledge_chunks (${this.chunkRows.columnNames})
         SELECT ${this.chunkRows.values} FROM ${this.chunkRows.from(1)}
         ON CONFLICT (id) DO UPDATE SET ${this.chunkRows.assignments((column) => `EXCLUDED.${column}`, ['id'])},
                title_length = 0, body_length = 0, embedding = NULL`,
        [this.chunkRows.parameter(written)],
      );
    }
    if (changes.removed.length > 0) {
      await manager.query(
        `WITH gone AS (DELETE FROM knowledge_chunks WHERE id = ANY($1::uuid[]) RETURNING id)
         DELETE FROM knowledge_postings p USING gone WHERE p.chunk_id = gone.id`,
        [changes.removed],
      );
    }
    const lexemes = await this.indexPostings(
      tx,
      written.map((chunk) => chunk.id),
    );
    changes.written = drafted.map((chunk) => ({ ...chunk, lexemes: lexemes.get(chunk.id) ?? new Map() }));
    return changes;
  }

  async removeDocuments(tx: Transaction, source: string, paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const manager = managerOf(this.dataSource, tx);
    // Under the documents' locks no chunk of theirs is being written: the chunks read here
    // are all they have, and their postings go with them.
    await lockDocuments(
      manager,
      paths.map((path) => ({ source, path })),
    );
    const rows: Array<{ id: string }> = await manager.query(
      `WITH gone AS (DELETE FROM knowledge_documents WHERE source = $1 AND path = ANY($2::text[]) RETURNING id),
            chunks AS (SELECT c.id FROM knowledge_chunks c JOIN gone ON c.document_id = gone.id),
            postings AS (DELETE FROM knowledge_postings p USING chunks WHERE p.chunk_id = chunks.id)
       SELECT id FROM chunks`,
      [source, paths],
    );
    return rows.map((row) => row.id);
  }

  async chunkIds(tx: Transaction): Promise<string[]> {
    const rows: Array<{ id: string }> = await managerOf(this.dataSource, tx).query(
      `SELECT id FROM knowledge_chunks`,
    );
    return rows.map((row) => row.id);
  }

  async lexemesOf(tx: Transaction, chunkIds: readonly string[]): Promise<Map<string, LexemeCounts>> {
    if (chunkIds.length === 0) return new Map();
    const rows: PostingRow[] = await managerOf(this.dataSource, tx).query(
      `SELECT chunk_id, lexeme, title_tf, body_tf FROM knowledge_postings WHERE chunk_id = ANY($1::uuid[])`,
      [chunkIds],
    );
    return groupPostings(rows);
  }

  async corpusLexemes(tx: Transaction, kinds: readonly KnowledgeKind[]): Promise<Map<string, LexemeCounts>> {
    const rows: PostingRow[] = await managerOf(this.dataSource, tx).query(
      `SELECT p.chunk_id, p.lexeme, p.title_tf, p.body_tf
         FROM knowledge_postings p JOIN knowledge_chunks c ON c.id = p.chunk_id
        WHERE c.kind = ANY($1::text[])`,
      [kinds],
    );
    return groupPostings(rows);
  }

  async setEmbeddings(tx: Transaction, vectors: Map<string, Float32Array>): Promise<void> {
    if (vectors.size === 0) return;
    await managerOf(this.dataSource, tx).query(
      `UPDATE knowledge_chunks c SET embedding = v.embedding
         FROM unnest($1::uuid[], $2::bytea[]) AS v(id, embedding)
        WHERE c.id = v.id`,
      [[...vectors.keys()], [...vectors.values()].map(toEmbeddingBytes)],
    );
  }

  async bumpRevision(tx: Transaction): Promise<string> {
    const [rows]: [Array<{ revision: string }>, number] = await managerOf(this.dataSource, tx).query(
      `UPDATE knowledge_corpus k
          SET revision = revision + 1, chunk_count = s.n, title_length_avg = s.title_avg, body_length_avg = s.body_avg
         FROM (SELECT count(*)::int AS n, greatest(coalesce(avg(title_length), 1), 1) AS title_avg,
                      greatest(coalesce(avg(body_length), 1), 1) AS body_avg
                 FROM knowledge_chunks) s
        WHERE k.id = 1
        RETURNING k.revision::text AS revision`,
    );
    return (rows[0] as { revision: string }).revision;
  }

  async revision(): Promise<string> {
    return (await this.corpus('revision')).revision;
  }

  async auditCursor(): Promise<number> {
    return Number((await this.corpus('auditCursor')).auditCursor);
  }

  async setAuditCursor(chainSeq: number): Promise<void> {
    await this.dataSource.getRepository(KnowledgeCorpus).update({ id: 1 }, { auditCursor: String(chainSeq) });
  }

  async pathsBefore(source: string, date: Date): Promise<string[]> {
    const rows: Array<{ path: string }> = await this.dataSource.query(
      `SELECT DISTINCT d.path FROM knowledge_documents d JOIN knowledge_chunks c ON c.document_id = d.id
        WHERE d.source = $1 AND c.occurred_at < $2`,
      [source, date],
    );
    return rows.map((row) => row.path);
  }

  async model(): Promise<{ embedder: string; model: Buffer } | undefined> {
    const corpus = await this.corpus('embedder', 'model');
    return corpus.embedder && corpus.model ? { embedder: corpus.embedder, model: corpus.model } : undefined;
  }

  async saveModel(tx: Transaction, embedder: string, model: Buffer): Promise<void> {
    await managerOf(this.dataSource, tx)
      .getRepository(KnowledgeCorpus)
      .update({ id: 1 }, { embedder, model });
  }

  async lexicalSearch(
    query: string,
    filter: ChunkFilter,
    limit: number,
  ): Promise<{ lexemes: string[]; hits: Array<{ id: string; score: number }> }> {
    // One round trip: the query's words, stemmed as the index was, and the ranking.
    const [row]: Array<{ lexemes: string[]; hits: Array<{ id: string; score: number }> }> =
      await this.dataSource.query(
        `WITH q AS (SELECT DISTINCT lexeme FROM unnest(to_tsvector('${TEXT_SEARCH_CONFIG}', $1::text))),
            -- The query's postings, read once through the (lexeme, chunk_id) key: they give both
            -- the document frequencies and the terms to score.
            postings AS MATERIALIZED (SELECT p.* FROM q JOIN knowledge_postings p USING (lexeme)),
            df AS (SELECT lexeme, count(*)::float8 AS df FROM postings GROUP BY lexeme),
            ranked AS (
              SELECT p.chunk_id AS id,
                     sum(ln(1 + (s.chunk_count - d.df + 0.5) / (d.df + 0.5)) * w.tf * ${K1 + 1} / (w.tf + ${K1}))::float8 AS score
                FROM postings p
                JOIN df d USING (lexeme)
                JOIN knowledge_chunks c ON c.id = p.chunk_id
               CROSS JOIN knowledge_corpus s
               CROSS JOIN LATERAL (
                     SELECT ${TITLE_WEIGHT} * p.title_tf / (${1 - TITLE_B} + ${TITLE_B} * c.title_length / s.title_length_avg)
                            + p.body_tf / (${1 - BODY_B} + ${BODY_B} * c.body_length / s.body_length_avg) AS tf) w
               WHERE ${FILTER_SQL}
               GROUP BY p.chunk_id
               ORDER BY score DESC, p.chunk_id
               LIMIT $9)
       SELECT (SELECT coalesce(array_agg(lexeme), '{}') FROM q) AS lexemes,
              (SELECT coalesce(json_agg(json_build_object('id', id, 'score', score) ORDER BY score DESC, id), '[]') FROM ranked) AS hits`,
        [query, ...filterParameters(filter), limit, filter.auditActor ?? null],
      );
    return { lexemes: row?.lexemes ?? [], hits: row?.hits ?? [] };
  }

  async chunks(ids: readonly string[]): Promise<KnowledgeChunk[]> {
    if (ids.length === 0) return [];
    return this.dataSource
      .getRepository(KnowledgeChunk)
      .createQueryBuilder('chunk')
      .innerJoinAndSelect('chunk.document', 'document')
      .select(['chunk', 'document.path', 'document.title'])
      .where('chunk.id IN (:...ids)', { ids })
      .getMany();
  }

  async vectors(): Promise<ChunkVector[]> {
    const rows: Array<{
      id: string;
      embedding: Buffer;
      kind: KnowledgeKind;
      source: string;
      node: string | null;
      target: string | null;
      workspace: string | null;
      actor: string | null;
      occurred_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT id, embedding, kind, source, node, target, workspace, actor, occurred_at
         FROM knowledge_chunks WHERE embedding IS NOT NULL`,
    );
    return rows.map((row) => ({
      id: row.id,
      vector: fromEmbeddingBytes(row.embedding),
      kind: row.kind,
      source: row.source,
      node: row.node,
      target: row.target,
      workspace: row.workspace,
      actor: row.actor,
      occurredAt: row.occurred_at,
    }));
  }

  async settle(): Promise<void> {
    // Without fresh statistics the planner scans every posting instead of using the lexeme key.
    await this.dataSource.query(`ANALYZE knowledge_postings, knowledge_chunks`);
  }

  chunkCount(): Promise<number> {
    return this.dataSource.getRepository(KnowledgeChunk).count();
  }

  async document(
    source: string,
    path: string,
  ): Promise<{ document: KnowledgeDocument; chunks: KnowledgeChunk[] } | undefined> {
    const document = await this.dataSource.getRepository(KnowledgeDocument).findOneBy({ source, path });
    if (!document) return undefined;
    const chunks = await this.dataSource
      .getRepository(KnowledgeChunk)
      .find({ where: { documentId: document.id }, order: { ordinal: 'ASC' } });
    return { document, chunks };
  }

  /** The ids of the drafts' documents already stored, by source and path. */
  private async documentIds(
    manager: EntityManager,
    drafts: readonly DocumentDraft[],
  ): Promise<Map<string, string>> {
    const rows: Array<{ id: string; source: string; path: string }> = await manager.query(
      `SELECT d.id, d.source, d.path
         FROM knowledge_documents d
         JOIN jsonb_to_recordset($1::jsonb) AS r(source text, path text) USING (source, path)`,
      [JSON.stringify(drafts.map(({ document }) => ({ source: document.source, path: document.path })))],
    );
    return new Map(rows.map((row) => [documentKey(row), row.id]));
  }

  /**
   * Postings and lengths of newly written chunks, from PostgreSQL's own stemming of their
   * text; returns the postings, which the chunks' vectors are computed from.
   */
  private async indexPostings(
    tx: Transaction,
    chunkIds: readonly string[],
  ): Promise<Map<string, LexemeCounts>> {
    if (chunkIds.length === 0) return new Map();
    const manager = managerOf(this.dataSource, tx);
    await manager.query(`DELETE FROM knowledge_postings WHERE chunk_id = ANY($1::uuid[])`, [chunkIds]);
    // The lengths and the caller's counts from the rows inserted, not read back through the
    // index. Title and body are one tsvector, the title's positions weighted A: a lexeme of
    // both is one entry whose weights say how often it is in each, so no grouping is needed
    // (a third less work than stemming them apart and summing; a lexeme keeps at most 256
    // positions either way).
    const rows: PostingRow[] = await manager.query(
      `WITH indexed AS (
         INSERT INTO knowledge_postings (lexeme, chunk_id, title_tf, body_tf)
         SELECT t.lexeme, c.id, t.title_tf, coalesce(array_length(t.weights, 1), 1) - t.title_tf
           FROM knowledge_chunks c
          CROSS JOIN LATERAL (
                SELECT lexeme, weights, coalesce(array_length(array_positions(weights, 'A'), 1), 0) AS title_tf
                  FROM unnest(setweight(to_tsvector('${TEXT_SEARCH_CONFIG}', c.title_text), 'A')
                              || to_tsvector('${TEXT_SEARCH_CONFIG}', c.body))) t
          WHERE c.id = ANY($1::uuid[])
         RETURNING chunk_id, lexeme, title_tf, body_tf),
       lengths AS (
         UPDATE knowledge_chunks c SET title_length = s.title_length, body_length = s.body_length
           FROM (SELECT chunk_id, sum(title_tf) AS title_length, sum(body_tf) AS body_length
                   FROM indexed GROUP BY chunk_id) s
          WHERE c.id = s.chunk_id)
       SELECT chunk_id, lexeme, title_tf, body_tf FROM indexed`,
      [chunkIds],
    );
    return groupPostings(rows);
  }

  /**
   * Only the columns asked for: the row also holds the fitted model (megabytes, twice that as
   * hex on the wire), and the revision is read every few seconds. TypeORM builds no entity
   * whose selected columns are all null, hence the key.
   */
  private async corpus<Column extends keyof KnowledgeCorpus>(
    ...columns: Column[]
  ): Promise<Pick<KnowledgeCorpus, Column>> {
    return this.dataSource.getRepository(KnowledgeCorpus).findOneOrFail({
      select: Object.fromEntries(['id', ...columns].map((column) => [column, true])),
      where: { id: 1 },
    });
  }
}

interface PostingRow {
  chunk_id: string;
  lexeme: string;
  title_tf: number;
  body_tf: number;
}

function groupPostings(rows: PostingRow[]): Map<string, LexemeCounts> {
  const byChunk = new Map<string, LexemeCounts>();
  for (const row of rows) {
    let counts = byChunk.get(row.chunk_id);
    if (!counts) byChunk.set(row.chunk_id, (counts = new Map()));
    counts.set(row.lexeme, { title: row.title_tf, body: row.body_tf });
  }
  return byChunk;
}

// $2..$8 and $10: the filter, each ignored when null.
const FILTER_SQL = `($2::text[] IS NULL OR c.kind = ANY($2::text[]))
          AND ($3::text[] IS NULL OR c.source = ANY($3::text[]))
          AND ($4::text IS NULL OR c.node = $4::text)
          AND ($5::text IS NULL OR c.target = $5::text)
          AND ($6::text IS NULL OR c.workspace = $6::text)
          AND ($7::timestamptz IS NULL OR c.occurred_at >= $7::timestamptz)
          AND ($8::timestamptz IS NULL OR c.occurred_at < $8::timestamptz)
          AND ($10::text IS NULL OR c.kind <> 'audit' OR c.actor = $10::text)`;

function filterParameters(filter: ChunkFilter): unknown[] {
  return [
    filter.kinds ?? null,
    filter.sources ?? null,
    filter.node ?? null,
    filter.target ?? null,
    filter.workspace ?? null,
    filter.from ?? null,
    filter.to ?? null,
  ];
}

/**
 * Two replicas (or an ingest and a batch of events) writing one document take turns, so
 * neither inserts it twice, and a removal waits for a write in progress; taken in one
 * order, so two batches cannot deadlock.
 */
async function lockDocuments(
  manager: EntityManager,
  documents: ReadonlyArray<{ source: string; path: string }>,
): Promise<void> {
  await manager.query(
    `SELECT pg_advisory_xact_lock(key)
       FROM (SELECT DISTINCT hashtext(name) AS key FROM unnest($1::text[]) AS name ORDER BY key) AS keys`,
    [documents.map((document) => `knowledge:${document.source}:${document.path}`)],
  );
}
