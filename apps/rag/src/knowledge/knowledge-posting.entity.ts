import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * How often a stemmed word occurs in a chunk's title and body: the lexical index. No
 * foreign key: the store writes and removes a chunk's postings with the chunk (see the
 * migration PostingsWithoutChunkKey).
 */
@Entity({ name: 'knowledge_postings' })
@Index('knowledge_postings_chunk', ['chunkId'])
export class KnowledgePosting {
  @PrimaryColumn('text')
  lexeme!: string;

  @PrimaryColumn({ name: 'chunk_id', type: 'uuid' })
  chunkId!: string;

  @Column({ name: 'title_tf', type: 'integer' })
  titleTf!: number;

  @Column({ name: 'body_tf', type: 'integer' })
  bodyTf!: number;
}
