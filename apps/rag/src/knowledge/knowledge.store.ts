import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import type { Transaction } from '@proxmox-mpc/persistence';
import type { KnowledgeChunk } from './knowledge-chunk.entity';
import type { KnowledgeDocument } from './knowledge-document.entity';

/** A unit about to be stored: what a chunk holds before the index computes its lengths. */
export type ChunkDraft = Pick<
  KnowledgeChunk,
  | 'citation'
  | 'heading'
  | 'titleText'
  | 'body'
  | 'contentHash'
  | 'node'
  | 'target'
  | 'workspace'
  | 'vmid'
  | 'guestName'
  | 'actor'
  | 'occurredAt'
>;

/** The filter facets of a chunk that tells of no guest, workspace, actor or time (prose). */
export const NO_FACETS = {
  node: null,
  target: null,
  workspace: null,
  vmid: null,
  guestName: null,
  actor: null,
  occurredAt: null,
} as const satisfies Partial<ChunkDraft>;

/** A document about to be stored, with its chunks in order. */
export interface DocumentDraft {
  document: KnowledgeDocument;
  chunks: ChunkDraft[];
}

/** What storing documents changed, by chunk. */
export interface ChunkChanges {
  /**
   * New or rewritten chunks: their postings are computed (`lexemes`, their words as
   * indexed), their vectors must be.
   */
  written: Array<{ id: string; draft: ChunkDraft; lexemes: LexemeCounts }>;
  unchanged: number;
  /** Ids of chunks that are gone. */
  removed: string[];
}

/** A stored chunk as far as rewriting its document needs it. */
export type StoredChunk = Pick<KnowledgeChunk, 'id' | 'citation' | 'contentHash' | 'ordinal'>;

/** How one document's chunks change: what to write, what only moved, what goes. */
export interface ChunkPlan {
  written: Array<{ id: string; draft: ChunkDraft; ordinal: number }>;
  /** Unchanged chunks whose position in the document changed. */
  moved: Array<{ id: string; ordinal: number }>;
  unchanged: number;
  removed: string[];
}

/**
 * Chunks are matched to the stored ones by citation: one with the same content is kept
 * (moved if its position changed), one with other content rewritten under its id, a new
 * one written under `newId()`, and stored ones no longer drafted removed.
 */
export function planChunks(
  drafts: readonly ChunkDraft[],
  stored: readonly StoredChunk[],
  newId: () => string,
): ChunkPlan {
  const byCitation = new Map(stored.map((chunk) => [chunk.citation, chunk]));
  const plan: ChunkPlan = { written: [], moved: [], unchanged: 0, removed: [] };
  for (const [ordinal, draft] of drafts.entries()) {
    const previous = byCitation.get(draft.citation);
    byCitation.delete(draft.citation);
    if (previous?.contentHash === draft.contentHash) {
      plan.unchanged += 1;
      if (previous.ordinal !== ordinal) plan.moved.push({ id: previous.id, ordinal });
    } else {
      plan.written.push({ id: previous?.id ?? newId(), draft, ordinal });
    }
  }
  plan.removed = [...byCitation.values()].map((chunk) => chunk.id);
  return plan;
}

/** Word counts of a chunk by stemmed word: what the embedder reads. */
export type LexemeCounts = Map<string, { title: number; body: number }>;

/** Filters a search applies to chunks (all optional; present ones must all hold). */
export interface ChunkFilter {
  kinds?: readonly KnowledgeKind[];
  sources?: readonly string[];
  node?: string;
  target?: string;
  workspace?: string;
  from?: Date;
  to?: Date;
  /** Audit chunks only of this actor (other kinds are not affected). */
  auditActor?: string;
}

/** What a vector index holds per chunk: its vector and what filters read. */
export interface ChunkVector {
  id: string;
  vector: Float32Array;
  kind: KnowledgeKind;
  source: string;
  node: string | null;
  target: string | null;
  workspace: string | null;
  actor: string | null;
  occurredAt: Date | null;
}

/** Every read and write of the knowledge tables: documents, their chunks, postings and the corpus row. */
export abstract class KnowledgeStore {
  /** The documents a source has, to tell new, changed and vanished ones apart. */
  abstract documentsOf(
    source: string,
  ): Promise<Array<Pick<KnowledgeDocument, 'id' | 'path' | 'contentHash' | 'updatedAt'>>>;

  /** The content hashes of those of `paths` the source has, by path. */
  abstract contentHashes(
    tx: Transaction,
    source: string,
    paths: readonly string[],
  ): Promise<Map<string, string>>;

  /**
   * Writes documents (one per path of a source) and their chunks as `planChunks` says:
   * unchanged chunks are kept, changed and new ones written (their postings computed),
   * others removed. A document already stored keeps its id.
   */
  abstract saveDocuments(tx: Transaction, documents: readonly DocumentDraft[]): Promise<ChunkChanges>;

  /** Removes documents and their chunks; returns the ids of the chunks removed. */
  abstract removeDocuments(tx: Transaction, source: string, paths: readonly string[]): Promise<string[]>;

  /** Every chunk id: what a refit embeds again. */
  abstract chunkIds(tx: Transaction): Promise<string[]>;

  abstract lexemesOf(tx: Transaction, chunkIds: readonly string[]): Promise<Map<string, LexemeCounts>>;

  /** The word counts of every chunk of these kinds: the corpus an embedding model is fitted on. */
  abstract corpusLexemes(
    tx: Transaction,
    kinds: readonly KnowledgeKind[],
  ): Promise<Map<string, LexemeCounts>>;

  abstract setEmbeddings(tx: Transaction, vectors: Map<string, Float32Array>): Promise<void>;

  /**
   * Counts a change (replicas reload their vectors when the revision moves) and updates the
   * corpus statistics; returns the new revision.
   */
  abstract bumpRevision(tx: Transaction): Promise<string>;

  abstract revision(): Promise<string>;

  /** Where reading the audit log stopped: the last chain_seq read. */
  abstract auditCursor(): Promise<number>;

  abstract setAuditCursor(chainSeq: number): Promise<void>;

  /** Paths of a source's documents whose chunks tell of something before `date`. */
  abstract pathsBefore(source: string, date: Date): Promise<string[]>;

  abstract model(): Promise<{ embedder: string; model: Buffer } | undefined>;

  abstract saveModel(tx: Transaction, embedder: string, model: Buffer): Promise<void>;

  /**
   * The query's stemmed words (as the index stems them) and the best chunks for them by
   * BM25F (title words weigh more), best first; `limit` 0 gives the words only.
   */
  abstract lexicalSearch(
    query: string,
    filter: ChunkFilter,
    limit: number,
  ): Promise<{ lexemes: string[]; hits: Array<{ id: string; score: number }> }>;

  /** Chunks with their document (`chunk.document`) loaded. */
  abstract chunks(ids: readonly string[]): Promise<KnowledgeChunk[]>;

  abstract vectors(): Promise<ChunkVector[]>;

  abstract chunkCount(): Promise<number>;

  /** After many writes: lets the store get ready to answer searches well (PostgreSQL: fresh planner statistics). */
  abstract settle(): Promise<void>;

  abstract document(
    source: string,
    path: string,
  ): Promise<{ document: KnowledgeDocument; chunks: KnowledgeChunk[] } | undefined>;
}
