import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A document of one source: a file of a folder, a guest, a workspace file, an audit record. */
@Entity({ name: 'knowledge_documents' })
@Unique('knowledge_documents_source_path', ['source', 'path'])
@Check('knowledge_documents_kind_check', `"kind" IN ('docs', 'inventory', 'iac', 'audit', 'project')`)
export class KnowledgeDocument {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  source!: string;

  @Column('text')
  kind!: KnowledgeKind;

  /** Where it is within its source: `qm.adoc`, `homelab/pve1/100`, `main.tf`, `1234`. */
  @Column('text')
  path!: string;

  @Column('text')
  title!: string;

  /** SHA-256 of what it was read from: an unchanged document costs only this comparison. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
