import type { ChunkFilter, ChunkVector } from '../knowledge/knowledge.store';

/**
 * Nearest chunks to a vector. Behind this port the default keeps every vector in memory and
 * scores them all (a few milliseconds for tens of thousands of 150-d vectors); at larger
 * scale pgvector or Qdrant fill it.
 */
export abstract class VectorIndex {
  /** The corpus revision these vectors are, when known: a replica reloads them when it moves. */
  private loaded: bigint | undefined;

  get revision(): string | undefined {
    return this.loaded?.toString();
  }

  /** Replaces every vector with those of `revision`. */
  replaceAll(vectors: ChunkVector[], revision: string): void {
    this.replaceEntries(vectors);
    this.loaded = BigInt(revision);
  }

  /**
   * Records that this replica's own change, already applied here, made `revision`. Only the
   * revision right after the loaded one is: anything between came from elsewhere (another
   * replica, or a concurrent change here) and waits for the next reload.
   */
  applied(revision: string): void {
    const next = BigInt(revision);
    if (this.loaded !== undefined && next === this.loaded + 1n) this.loaded = next;
  }

  protected abstract replaceEntries(vectors: ChunkVector[]): void;

  abstract upsert(vectors: ChunkVector[]): void;

  abstract remove(ids: readonly string[]): void;

  abstract search(
    query: Float32Array,
    filter: ChunkFilter,
    limit: number,
  ): Array<{ id: string; score: number }>;

  abstract get size(): number;
}
