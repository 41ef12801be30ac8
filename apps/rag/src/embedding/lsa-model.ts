import type { LexemeCounts } from '../knowledge/knowledge.store';

/** How much a word in a title counts against one in the body (as the lexical ranking weighs them). */
const TITLE_WEIGHT = 2;
/** Subspace iterations: enough for the top singular subspace of a corpus of this size to settle. */
const ITERATIONS = 6;
/** A word in more than this share of documents says little about any of them. */
const MAX_DOCUMENT_SHARE = 0.5;

/**
 * Latent semantic analysis fitted on the corpus: TF-IDF vectors of stemmed words projected
 * onto the top `dimensions` right singular vectors of the term-document matrix, found by
 * seeded subspace iteration on the sparse matrix (deterministic: the same corpus gives the
 * same model). Documents and queries that share no word can still be near when their words
 * occur in the same contexts. Nothing is downloaded: the model is the corpus's own.
 */
export class LsaModel {
  private readonly index: Map<string, number>;

  private constructor(
    readonly dimensions: number,
    readonly terms: readonly string[],
    private readonly idf: Float32Array,
    /** `dimensions` rows of `terms.length` values, orthonormal. */
    private readonly basis: Float32Array,
  ) {
    this.index = new Map(terms.map((term, position) => [term, position]));
  }

  static fit(corpus: Iterable<LexemeCounts>, dimensions: number): LsaModel | undefined {
    const documents = [...corpus];
    const frequency = new Map<string, number>();
    for (const counts of documents)
      for (const term of counts.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    const terms = [...frequency]
      .filter(([, count]) => count >= 2 && count <= documents.length * MAX_DOCUMENT_SHARE)
      .map(([term]) => term)
      .sort();
    const rank = Math.min(dimensions, terms.length, documents.length);
    if (rank < 2) return undefined;
    const idf = Float32Array.from(terms, (term) =>
      Math.log(documents.length / (frequency.get(term) as number)),
    );
    const index = new Map(terms.map((term, position) => [term, position]));
    const rows = documents
      .map((counts) => weighted(counts, index, idf))
      .filter((row) => row.values.length > 0);
    const basis = subspace(rows, terms.length, rank);
    return new LsaModel(rank, terms, idf, basis);
  }

  /** The unit vector of a document or query, or undefined when it has no word the model knows. */
  embed(counts: LexemeCounts): Float32Array | undefined {
    const row = weighted(counts, this.index, this.idf);
    if (row.values.length === 0) return undefined;
    const vector = new Float32Array(this.dimensions);
    for (let k = 0; k < this.dimensions; k += 1) {
      const offset = k * this.terms.length;
      let sum = 0;
      for (let i = 0; i < row.columns.length; i += 1)
        sum += (this.basis[offset + (row.columns[i] as number)] as number) * (row.values[i] as number);
      vector[k] = sum;
    }
    return normalised(vector);
  }

  /** The model as bytes, to keep beside the vectors it made. */
  toBuffer(): Buffer {
    const header = Buffer.from(JSON.stringify({ dimensions: this.dimensions, terms: this.terms }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    return Buffer.concat([
      length,
      header,
      Buffer.from(this.idf.buffer, this.idf.byteOffset, this.idf.byteLength),
      Buffer.from(this.basis.buffer, this.basis.byteOffset, this.basis.byteLength),
    ]);
  }

  static fromBuffer(buffer: Buffer): LsaModel {
    const headerLength = buffer.readUInt32LE(0);
    const { dimensions, terms } = JSON.parse(buffer.subarray(4, 4 + headerLength).toString('utf8')) as {
      dimensions: number;
      terms: string[];
    };
    // Copied out: the floats must be aligned, which a slice of a pooled Buffer need not be.
    const floats = new Float32Array(
      buffer
        .subarray(4 + headerLength)
        .buffer.slice(buffer.byteOffset + 4 + headerLength, buffer.byteOffset + buffer.length),
    );
    return new LsaModel(dimensions, terms, floats.slice(0, terms.length), floats.slice(terms.length));
  }
}

interface SparseRow {
  columns: number[];
  values: number[];
}

/** Sub-linear TF-IDF with title words weighted, L2-normalised, over the model's terms. */
function weighted(counts: LexemeCounts, index: Map<string, number>, idf: Float32Array): SparseRow {
  const columns: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (const [term, { title, body }] of counts) {
    const column = index.get(term);
    const count = TITLE_WEIGHT * title + body;
    if (column === undefined || count <= 0) continue;
    const value = (1 + Math.log(count)) * (idf[column] as number);
    columns.push(column);
    values.push(value);
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  return { columns, values: values.map((value) => value / norm) };
}

/** An orthonormal basis (rows) of the top-`rank` right singular subspace of the rows' matrix. */
function subspace(rows: SparseRow[], width: number, rank: number): Float32Array {
  let basis = new Float64Array(rank * width);
  const random = seeded(42);
  for (let i = 0; i < basis.length; i += 1) basis[i] = random() - 0.5;
  orthonormalise(basis, rank, width);
  for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
    const next = new Float64Array(rank * width);
    for (let k = 0; k < rank; k += 1) {
      const offset = k * width;
      // next_k = Aᵀ (A basis_k), with A sparse: one pass over the rows.
      for (const row of rows) {
        let projection = 0;
        for (let i = 0; i < row.columns.length; i += 1)
          projection += (row.values[i] as number) * (basis[offset + (row.columns[i] as number)] as number);
        if (projection === 0) continue;
        for (let i = 0; i < row.columns.length; i += 1)
          next[offset + (row.columns[i] as number)] += (row.values[i] as number) * projection;
      }
    }
    orthonormalise(next, rank, width);
    basis = next;
  }
  return Float32Array.from(basis);
}

/** Modified Gram-Schmidt over `count` rows of `width`. */
function orthonormalise(rows: Float64Array, count: number, width: number): void {
  for (let j = 0; j < count; j += 1) {
    const row = rows.subarray(j * width, (j + 1) * width);
    for (let k = 0; k < j; k += 1) {
      const other = rows.subarray(k * width, (k + 1) * width);
      let dot = 0;
      for (let i = 0; i < width; i += 1) dot += (row[i] as number) * (other[i] as number);
      for (let i = 0; i < width; i += 1) row[i] = (row[i] as number) - dot * (other[i] as number);
    }
    let norm = 0;
    for (let i = 0; i < width; i += 1) norm += (row[i] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < width; i += 1) row[i] = (row[i] as number) / norm;
  }
}

/** A small deterministic generator: the same corpus must give the same model on every machine. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export function normalised(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  for (let i = 0; i < vector.length; i += 1) vector[i] = (vector[i] as number) / norm;
  return vector;
}
