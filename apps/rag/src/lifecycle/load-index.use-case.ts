import { Injectable } from '@nestjs/common';
import { LsaEmbedder } from '../embedding/lsa-embedder';
import { KnowledgeStore } from '../knowledge/knowledge.store';
import { VectorIndex } from '../vectors/vector-index';

/**
 * Loads the fitted model and every chunk's vector into this replica's memory: at start,
 * and whenever the corpus revision moved (another replica, or this one, changed the index).
 */
@Injectable()
export class LoadIndexUseCase {
  constructor(
    private readonly store: KnowledgeStore,
    private readonly embedder: LsaEmbedder,
    private readonly vectors: VectorIndex,
  ) {}

  async execute({ onlyIfChanged }: { onlyIfChanged: boolean }): Promise<void> {
    const revision = await this.store.revision();
    if (onlyIfChanged && revision === this.vectors.revision) return;
    const model = await this.store.model();
    if (model && model.embedder !== this.embedder.name) this.embedder.load(model.model);
    this.vectors.replaceAll(await this.store.vectors(), revision);
  }
}
