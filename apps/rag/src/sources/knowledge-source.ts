import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import type { ChunkDraft } from '../knowledge/knowledge.store';

/** A document as a source offers it: cheap to list, parsed only when it changed. */
export interface SourceDocument {
  /** Where it is within its source; with the source's name, its identity. */
  path: string;
  /** SHA-256 of what it is read from: equal to the stored one means nothing to do. */
  contentHash: string;
  /** Its title and citation units as chunks; throws UnreadableDocument when it cannot be read. */
  read(): { title: string; chunks: ChunkDraft[] };
}

/** Somewhere knowledge comes from: a folder, the inventory, the IaC workspaces, the audit log. */
export interface KnowledgeSource {
  readonly name: string;
  readonly kind: KnowledgeKind;
  /**
   * When its listing was read, for a source whose documents are also written from its
   * events (a cluster's guests): a document written since is newer than the listing, and
   * is neither rewritten nor removed by it.
   */
  readonly readAt?: Date;
  /** Every document it has now; one it no longer lists is removed from the index. */
  list(): Promise<SourceDocument[]>;
}
