import type { LexemeCounts } from '../knowledge/knowledge.store';

/** What an embedder reads of a chunk or a query: its stemmed word counts and its text. */
export interface EmbeddingInput {
  lexemes: LexemeCounts;
  text: string;
}

/**
 * Turns text into a unit vector whose dot product with another says how alike they are.
 * Behind this port: a model fitted on the corpus (LSA, the default), or any other model an
 * operator provides; pgvector or Qdrant would store what it makes.
 */
export abstract class Embedder {
  /** Names the model and its version: vectors of different models are never compared. */
  abstract readonly name: string;

  /** Whether the model is ready; an LSA model is not until it has been fitted on documents. */
  abstract get ready(): boolean;

  /** The unit vector of each input; undefined for one with nothing the model knows. */
  abstract embed(input: EmbeddingInput): Float32Array | undefined;
}
