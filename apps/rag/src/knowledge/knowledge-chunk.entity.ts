import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { KnowledgeDocument } from './knowledge-document.entity';

/** One citation unit of a document, as it is ranked and returned. */
@Entity({ name: 'knowledge_chunks' })
@Index('knowledge_chunks_citation', ['citation'])
@Index('knowledge_chunks_document', ['documentId'])
export class KnowledgeChunk {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @ManyToOne(() => KnowledgeDocument, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'knowledge_chunks_document_id_fkey' })
  document?: KnowledgeDocument;

  @Column('integer')
  ordinal!: number;

  @Column('text')
  citation!: string;

  @Column('text')
  source!: string;

  @Column('text')
  kind!: KnowledgeKind;

  @Column('text')
  heading!: string;

  /** What the unit is about in few words (its headings, anchor, document title): ranked above the body. */
  @Column({ name: 'title_text', type: 'text' })
  titleText!: string;

  @Column('text')
  body!: string;

  /** SHA-256 of title and body: an unchanged unit is neither rewritten nor re-embedded. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  /** Lexemes in the title and the body, for BM25's length normalisation. */
  @Column({ name: 'title_length', type: 'integer', default: 0 })
  titleLength!: number;

  @Column({ name: 'body_length', type: 'integer', default: 0 })
  bodyLength!: number;

  @Column({ type: 'text', nullable: true })
  node!: string | null;

  @Column({ type: 'text', nullable: true })
  target!: string | null;

  @Column({ type: 'text', nullable: true })
  workspace!: string | null;

  /** The guest it is about (inventory, audit), for the caller's guest allow-list. */
  @Column({ type: 'integer', nullable: true })
  vmid!: number | null;

  @Column({ name: 'guest_name', type: 'text', nullable: true })
  guestName!: string | null;

  /** Who acted (audit): a caller without the admin scope finds only its own actions. */
  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true })
  occurredAt!: Date | null;

  /** The chunk's vector, as `toEmbeddingBytes` writes it. */
  @Column({ type: 'bytea', nullable: true })
  embedding!: Buffer | null;
}
