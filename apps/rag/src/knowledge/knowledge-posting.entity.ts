import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { KnowledgeChunk } from './knowledge-chunk.entity';

/** How often a stemmed word occurs in a chunk's title and body: the lexical index. */
@Entity({ name: 'knowledge_postings' })
@Index('knowledge_postings_chunk', ['chunkId'])
export class KnowledgePosting {
  @PrimaryColumn('text')
  lexeme!: string;

  @PrimaryColumn({ name: 'chunk_id', type: 'uuid' })
  chunkId!: string;

  @ManyToOne(() => KnowledgeChunk, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'chunk_id', foreignKeyConstraintName: 'knowledge_postings_chunk_id_fkey' })
  chunk?: KnowledgeChunk;

  @Column({ name: 'title_tf', type: 'integer' })
  titleTf!: number;

  @Column({ name: 'body_tf', type: 'integer' })
  bodyTf!: number;
}
