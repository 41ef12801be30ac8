import { createHash } from 'node:crypto';
import { Embedder, type EmbeddingInput } from './embedder';
import { LsaModel } from './lsa-model';

/**
 * The default embedder: LSA fitted on the document corpus at ingest (`fit`), kept in the
 * database beside the vectors it made (`load`). New chunks are folded into the fitted
 * model, so unchanged chunks never need embedding again; `refit` builds it afresh.
 */
export class LsaEmbedder extends Embedder {
  private model: LsaModel | undefined;
  private fingerprint = '';

  constructor(private readonly dimensions: number) {
    super();
  }

  get name(): string {
    return this.model
      ? `lsa-${this.model.dimensions}-${this.fingerprint}`
      : `lsa-${this.dimensions}-unfitted`;
  }

  get ready(): boolean {
    return this.model !== undefined;
  }

  embed(input: EmbeddingInput): Float32Array | undefined {
    return this.model?.embed(input.lexemes);
  }

  /** Fits the model on these documents' word counts; false when there are too few to fit on. */
  fit(corpus: Iterable<EmbeddingInput['lexemes']>): boolean {
    const model = LsaModel.fit(corpus, this.dimensions);
    if (!model) return false;
    this.use(model, model.toBuffer());
    return true;
  }

  load(bytes: Buffer): void {
    this.use(LsaModel.fromBuffer(bytes), bytes);
  }

  toBuffer(): Buffer | undefined {
    return this.model?.toBuffer();
  }

  private use(model: LsaModel, bytes: Buffer): void {
    this.model = model;
    this.fingerprint = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  }
}
