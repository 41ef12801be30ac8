import { Injectable } from '@nestjs/common';
import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { LsaEmbedder } from '../embedding/lsa-embedder';
import { KnowledgeStore } from '../knowledge/knowledge.store';
import { VectorIndex } from '../vectors/vector-index';

/** The corpus a model is fitted on: prose, whose words carry meaning across documents. */
const FIT_KINDS: readonly KnowledgeKind[] = ['docs', 'project'];

/**
 * Fits the embedding model on the document corpus and embeds every chunk with it, in one
 * transaction with the model, so the stored vectors always belong to the stored model.
 * Runs once documents first arrive, and again on `cmd.rag.ingest {refit: true}`.
 */
@Injectable()
export class FitEmbedderUseCase {
  constructor(
    private readonly store: KnowledgeStore,
    private readonly transactions: Transactions,
    private readonly embedder: LsaEmbedder,
    private readonly vectors: VectorIndex,
  ) {}

  /** False when there are not yet enough documents to fit on. */
  async execute(): Promise<boolean> {
    const revision = await this.transactions.run(async (tx) => {
      const corpus = await this.store.corpusLexemes(tx, FIT_KINDS);
      if (!this.embedder.fit(corpus.values())) return undefined;
      await this.store.saveModel(tx, this.embedder.name, this.embedder.toBuffer() as Buffer);
      const lexemes = await this.store.lexemesOf(tx, await this.store.chunkIds(tx));
      const vectors = new Map<string, Float32Array>();
      for (const [id, counts] of lexemes) {
        const vector = this.embedder.embed({ lexemes: counts, text: '' });
        if (vector) vectors.set(id, vector);
      }
      await this.store.setEmbeddings(tx, vectors);
      return this.store.bumpRevision(tx);
    });
    if (revision === undefined) return false;
    this.vectors.replaceAll(await this.store.vectors(), revision);
    return true;
  }
}
