import { Injectable } from '@nestjs/common';
import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import { Transactions, type Transaction } from '@proxmox-mpc/persistence';
import { Clock } from '@proxmox-mpc/service-runtime';
import { randomUUID } from 'node:crypto';
import { Embedder } from '../embedding/embedder';
import { KnowledgeDocument } from '../knowledge/knowledge-document.entity';
import {
  KnowledgeStore,
  type ChunkChanges,
  type ChunkDraft,
  type ChunkVector,
} from '../knowledge/knowledge.store';
import { VectorIndex } from '../vectors/vector-index';

export interface SourceRef {
  name: string;
  kind: KnowledgeKind;
}

export interface IndexedDocument {
  path: string;
  title: string;
  contentHash: string;
  chunks: ChunkDraft[];
}

/**
 * Writes documents into the index: the documents, their chunks, postings and vectors in
 * one transaction, then the chunks' vectors into this replica's vector index. What one
 * ingest, one inventory event and one page of the audit log all do. A batch is one
 * transaction and one revision: the revision also recounts the corpus statistics over
 * every chunk, which per document made indexing a page of the audit log quadratic.
 */
@Injectable()
export class DocumentIndexer {
  constructor(
    private readonly store: KnowledgeStore,
    private readonly transactions: Transactions,
    private readonly embedder: Embedder,
    private readonly vectors: VectorIndex,
    private readonly clock: Clock,
  ) {}

  async index(source: SourceRef, documents: readonly IndexedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    let embedded: ChunkVector[] = [];
    const indexed = await this.transactions.run(async (tx) => {
      // A document already indexed as it is costs one lookup: a guest reaches the index
      // both from the inventory ingest at start and from the sync's events.
      const stored = await this.store.contentHashes(
        tx,
        source.name,
        documents.map((document) => document.path),
      );
      const changed = documents.filter((document) => stored.get(document.path) !== document.contentHash);
      if (changed.length === 0) return undefined;
      const saved = await this.store.saveDocuments(
        tx,
        changed.map((document) => ({
          document: Object.assign(new KnowledgeDocument(), {
            id: randomUUID(),
            source: source.name,
            kind: source.kind,
            path: document.path,
            title: document.title,
            contentHash: document.contentHash,
            updatedAt: this.clock.now(),
          }),
          chunks: document.chunks,
        })),
      );
      embedded = await this.embed(tx, saved.written, source);
      return { removed: saved.removed, revision: await this.store.bumpRevision(tx) };
    });
    if (!indexed) return;
    this.vectors.remove(indexed.removed);
    this.vectors.upsert(embedded);
    this.vectors.applied(indexed.revision);
  }

  async remove(source: SourceRef, paths: readonly string[]): Promise<number> {
    if (paths.length === 0) return 0;
    const { removed, revision } = await this.transactions.run(async (tx) => {
      const chunks = await this.store.removeDocuments(tx, source.name, paths);
      return { removed: chunks, revision: await this.store.bumpRevision(tx) };
    });
    this.vectors.remove(removed);
    this.vectors.applied(revision);
    return paths.length;
  }

  /** Vectors for freshly written chunks, stored in the same transaction; none before a model is fitted. */
  private async embed(
    tx: Transaction,
    chunks: ChunkChanges['written'],
    source: SourceRef,
  ): Promise<ChunkVector[]> {
    if (!this.embedder.ready || chunks.length === 0) return [];
    const vectors: ChunkVector[] = [];
    for (const { id, draft, lexemes } of chunks) {
      const vector = this.embedder.embed({ lexemes, text: `${draft.titleText}\n${draft.body}` });
      if (!vector) continue;
      vectors.push({
        id,
        vector,
        kind: source.kind,
        source: source.name,
        node: draft.node,
        target: draft.target,
        workspace: draft.workspace,
        actor: draft.actor,
        occurredAt: draft.occurredAt,
      });
    }
    await this.store.setEmbeddings(tx, new Map(vectors.map((entry) => [entry.id, entry.vector])));
    return vectors;
  }
}
