import type { ChunkFilter, ChunkVector } from '../knowledge/knowledge.store';
import { VectorIndex } from './vector-index';

/** Every vector in memory, scored exhaustively by dot product (vectors are unit length). */
export class InMemoryVectorIndex extends VectorIndex {
  private readonly entries = new Map<string, ChunkVector>();

  get size(): number {
    return this.entries.size;
  }

  protected replaceEntries(vectors: ChunkVector[]): void {
    this.entries.clear();
    this.upsert(vectors);
  }

  upsert(vectors: ChunkVector[]): void {
    for (const entry of vectors) this.entries.set(entry.id, entry);
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) this.entries.delete(id);
  }

  search(query: Float32Array, filter: ChunkFilter, limit: number): Array<{ id: string; score: number }> {
    const best: Array<{ id: string; score: number }> = [];
    for (const entry of this.entries.values()) {
      if (entry.vector.length !== query.length || !matches(entry, filter)) continue;
      let score = 0;
      for (let i = 0; i < query.length; i += 1) score += (query[i] as number) * (entry.vector[i] as number);
      if (best.length < limit) best.push({ id: entry.id, score });
      else if (score > (best[best.length - 1] as { score: number }).score)
        best[best.length - 1] = { id: entry.id, score };
      else continue;
      best.sort((a, b) => b.score - a.score);
    }
    return best;
  }
}

export function matches(entry: Omit<ChunkVector, 'id' | 'vector'>, filter: ChunkFilter): boolean {
  if (filter.kinds && !filter.kinds.includes(entry.kind)) return false;
  if (filter.sources && !filter.sources.includes(entry.source)) return false;
  if (filter.node && entry.node !== filter.node) return false;
  if (filter.target && entry.target !== filter.target) return false;
  if (filter.workspace && entry.workspace !== filter.workspace) return false;
  if (filter.from && (!entry.occurredAt || entry.occurredAt < filter.from)) return false;
  if (filter.to && (!entry.occurredAt || entry.occurredAt >= filter.to)) return false;
  if (filter.auditActor && entry.kind === 'audit' && entry.actor !== filter.auditActor) return false;
  return true;
}
