import type { ChunkFilter, ChunkVector } from '../knowledge/knowledge.store';

/**
 * Nearest chunks to a vector. Behind this port the default keeps every vector in memory and
 * scores them all (a few milliseconds for tens of thousands of 150-d vectors); at larger
 * scale pgvector or Qdrant fill it.
 */
export abstract class VectorIndex {
  abstract replaceAll(vectors: ChunkVector[]): void;

  abstract upsert(vectors: ChunkVector[]): void;

  abstract remove(ids: readonly string[]): void;

  abstract search(
    query: Float32Array,
    filter: ChunkFilter,
    limit: number,
  ): Array<{ id: string; score: number }>;

  abstract get size(): number;
}
