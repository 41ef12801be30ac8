import { randomUUID } from 'node:crypto';
import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import { matches } from '../vectors/in-memory-vector-index';
import { fromEmbeddingBytes, toEmbeddingBytes } from './embedding-bytes';
import { KnowledgeChunk } from './knowledge-chunk.entity';
import type { KnowledgeDocument } from './knowledge-document.entity';
import {
  KnowledgeStore,
  planChunks,
  type ChunkChanges,
  type DocumentDraft,
  type ChunkFilter,
  type ChunkVector,
  type LexemeCounts,
} from './knowledge.store';

/**
 * The knowledge tables in maps, for unit tests of the use cases. Words are lower-cased
 * rather than stemmed and ranked by summed inverse document frequency: enough to tell a
 * matching chunk from one that does not match, which is what the use cases depend on;
 * ranking quality is measured against PostgreSQL.
 */
export class InMemoryKnowledgeStore extends KnowledgeStore {
  readonly documents = new Map<string, KnowledgeDocument>();
  readonly rows = new Map<string, KnowledgeChunk>();
  /** Chunk ids written so far, in order: what a test reads to see nothing was rewritten. */
  readonly writes: string[] = [];
  private corpusRevision = 0;
  private cursor = 0;
  private stored: { embedder: string; model: Buffer } | undefined;

  async documentsOf(
    source: string,
  ): Promise<Array<Pick<KnowledgeDocument, 'id' | 'path' | 'contentHash' | 'updatedAt'>>> {
    return [...this.documents.values()].filter((document) => document.source === source);
  }

  async contentHashes(_tx: unknown, source: string, paths: readonly string[]): Promise<Map<string, string>> {
    return new Map(
      paths.flatMap((path) => {
        const document = this.documents.get(`${source}\n${path}`);
        return document ? [[path, document.contentHash] as const] : [];
      }),
    );
  }

  async saveDocuments(_tx: unknown, drafts: readonly DocumentDraft[]): Promise<ChunkChanges> {
    const changes: ChunkChanges = { written: [], unchanged: 0, removed: [] };
    for (const { document, chunks } of drafts) {
      const key = `${document.source}\n${document.path}`;
      const id = this.documents.get(key)?.id ?? document.id;
      this.documents.set(key, { ...document, id });
      const stored = [...this.rows.values()].filter((chunk) => chunk.documentId === id);
      const plan = planChunks(chunks, stored, randomUUID);
      for (const { id: chunkId, ordinal } of plan.moved)
        (this.rows.get(chunkId) as KnowledgeChunk).ordinal = ordinal;
      for (const { id: chunkId, draft, ordinal } of plan.written) {
        const chunk = Object.assign(new KnowledgeChunk(), {
          ...draft,
          id: chunkId,
          documentId: id,
          ordinal,
          source: document.source,
          kind: document.kind,
          titleLength: words(draft.titleText).length,
          bodyLength: words(draft.body).length,
          embedding: null,
        });
        this.rows.set(chunk.id, chunk);
        this.writes.push(chunk.id);
        changes.written.push({ id: chunk.id, draft, lexemes: countsOf(chunk) });
      }
      for (const chunkId of plan.removed) this.rows.delete(chunkId);
      changes.unchanged += plan.unchanged;
      changes.removed.push(...plan.removed);
    }
    return changes;
  }

  async removeDocuments(_tx: unknown, source: string, paths: readonly string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const path of paths) {
      const document = this.documents.get(`${source}\n${path}`);
      if (!document) continue;
      this.documents.delete(`${source}\n${path}`);
      for (const chunk of [...this.rows.values()].filter(
        (candidate) => candidate.documentId === document.id,
      )) {
        this.rows.delete(chunk.id);
        removed.push(chunk.id);
      }
    }
    return removed;
  }

  async chunkIds(): Promise<string[]> {
    return [...this.rows.keys()];
  }

  async lexemesOf(_tx: unknown, chunkIds: readonly string[]): Promise<Map<string, LexemeCounts>> {
    return new Map(
      chunkIds.flatMap((id) =>
        this.rows.has(id) ? [[id, countsOf(this.rows.get(id) as KnowledgeChunk)]] : [],
      ),
    );
  }

  async corpusLexemes(_tx: unknown, kinds: readonly KnowledgeKind[]): Promise<Map<string, LexemeCounts>> {
    return new Map(
      [...this.rows.values()]
        .filter((chunk) => kinds.includes(chunk.kind))
        .map((chunk) => [chunk.id, countsOf(chunk)]),
    );
  }

  async setEmbeddings(_tx: unknown, vectors: Map<string, Float32Array>): Promise<void> {
    for (const [id, vector] of vectors) {
      const chunk = this.rows.get(id);
      if (chunk) chunk.embedding = toEmbeddingBytes(vector);
    }
  }

  async bumpRevision(): Promise<string> {
    this.corpusRevision += 1;
    return String(this.corpusRevision);
  }

  async revision(): Promise<string> {
    return String(this.corpusRevision);
  }

  async auditCursor(): Promise<number> {
    return this.cursor;
  }

  async setAuditCursor(chainSeq: number): Promise<void> {
    this.cursor = chainSeq;
  }

  async pathsBefore(source: string, date: Date): Promise<string[]> {
    const documents = new Map([...this.documents.values()].map((document) => [document.id, document]));
    return [
      ...new Set(
        [...this.rows.values()]
          .filter((chunk) => chunk.source === source && chunk.occurredAt && chunk.occurredAt < date)
          .map((chunk) => documents.get(chunk.documentId)?.path as string),
      ),
    ];
  }

  async model(): Promise<{ embedder: string; model: Buffer } | undefined> {
    return this.stored;
  }

  async saveModel(_tx: unknown, embedder: string, model: Buffer): Promise<void> {
    this.stored = { embedder, model };
  }

  async lexicalSearch(
    query: string,
    filter: ChunkFilter,
    limit: number,
  ): Promise<{ lexemes: string[]; hits: Array<{ id: string; score: number }> }> {
    const lexemes = [...new Set(words(query))];
    const chunks = [...this.rows.values()];
    const frequency = (lexeme: string) => chunks.filter((chunk) => countsOf(chunk).has(lexeme)).length;
    const hits = chunks
      .filter((chunk) => matches(chunk, filter))
      .map((chunk) => {
        const counts = countsOf(chunk);
        const score = lexemes
          .filter((lexeme) => counts.has(lexeme))
          .reduce((sum, lexeme) => sum + Math.log(1 + chunks.length / frequency(lexeme)), 0);
        return { id: chunk.id, score };
      })
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit);
    return { lexemes, hits };
  }

  async chunks(ids: readonly string[]): Promise<KnowledgeChunk[]> {
    const documents = new Map([...this.documents.values()].map((document) => [document.id, document]));
    return ids.flatMap((id) => {
      const chunk = this.rows.get(id);
      return chunk
        ? [Object.assign(new KnowledgeChunk(), chunk, { document: documents.get(chunk.documentId) })]
        : [];
    });
  }

  async vectors(): Promise<ChunkVector[]> {
    return [...this.rows.values()]
      .filter((chunk) => chunk.embedding)
      .map((chunk) => ({
        id: chunk.id,
        vector: fromEmbeddingBytes(chunk.embedding as Buffer),
        kind: chunk.kind,
        source: chunk.source,
        node: chunk.node,
        target: chunk.target,
        workspace: chunk.workspace,
        actor: chunk.actor,
        occurredAt: chunk.occurredAt,
      }));
  }

  /** Maps need no preparing. */
  settle(): Promise<void> {
    return Promise.resolve();
  }

  async chunkCount(): Promise<number> {
    return this.rows.size;
  }

  async document(
    source: string,
    path: string,
  ): Promise<{ document: KnowledgeDocument; chunks: KnowledgeChunk[] } | undefined> {
    const document = this.documents.get(`${source}\n${path}`);
    if (!document) return undefined;
    const chunks = [...this.rows.values()]
      .filter((chunk) => chunk.documentId === document.id)
      .sort((a, b) => a.ordinal - b.ordinal);
    return { document, chunks };
  }
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function countsOf(chunk: Pick<KnowledgeChunk, 'titleText' | 'body'>): LexemeCounts {
  const counts: LexemeCounts = new Map();
  for (const word of words(chunk.titleText))
    counts.set(word, { title: (counts.get(word)?.title ?? 0) + 1, body: 0 });
  for (const word of words(chunk.body)) {
    const entry = counts.get(word) ?? { title: 0, body: 0 };
    counts.set(word, { ...entry, body: entry.body + 1 });
  }
  return counts;
}
