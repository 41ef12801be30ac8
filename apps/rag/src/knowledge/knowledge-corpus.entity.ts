import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The index as a whole (one row): a revision every change bumps, where the audit feed stands, the fitted model. */
@Entity({ name: 'knowledge_corpus' })
@Check('knowledge_corpus_id_check', '"id" = 1')
export class KnowledgeCorpus {
  @PrimaryColumn('integer')
  id!: number;

  @Column('bigint')
  revision!: string;

  /** BM25's corpus statistics, kept with each change rather than counted per query. */
  @Column({ name: 'chunk_count', type: 'integer', default: 0 })
  chunkCount!: number;

  @Column({ name: 'title_length_avg', type: 'double precision', default: 1 })
  titleLengthAvg!: number;

  @Column({ name: 'body_length_avg', type: 'double precision', default: 1 })
  bodyLengthAvg!: number;

  /** The audit log's chain_seq up to which records were read into the index. */
  @Column({ name: 'audit_cursor', type: 'bigint', default: 0 })
  auditCursor!: string;

  @Column({ type: 'text', nullable: true })
  embedder!: string | null;

  @Column({ type: 'bytea', nullable: true })
  model!: Buffer | null;
}
