import type { AuditEntry, InventoryGuest, Origin } from '@proxmox-mpc/contracts';

export interface ClusterInventory {
  target: string;
  guests: InventoryGuest[];
}

/** A workspace file; its text is absent when it is larger than a workspace read carries. */
export interface WorkspaceFile {
  path: string;
  bytes: number;
  content?: string;
}

/**
 * What the knowledge service reads from the other services, over the bus: the inventory,
 * a workspace's files, and the audit log after a place in its chain. A port, so use cases
 * are tested with an in-memory double.
 */
export abstract class PlatformFeeds {
  /** The names of the clusters the agent manages. */
  abstract targets(origin: Origin): Promise<string[]>;

  /** Every guest of a cluster (its only one when `target` is absent) as it is now, with the cluster's name. */
  abstract inventory(origin: Origin, target?: string): Promise<ClusterInventory>;

  /** A cluster's guests as the agent stored them, however old, without a sync; undefined when never synced. */
  abstract storedInventory(origin: Origin, target: string): Promise<ClusterInventory | undefined>;

  /** A workspace's files at its newest commit. */
  abstract workspace(
    origin: Origin,
    workspace: string,
  ): Promise<{ revision: string; files: WorkspaceFile[] }>;

  /** Audit records after `chainSeq`, oldest first, at most `limit`. */
  abstract auditAfter(origin: Origin, chainSeq: number, limit: number): Promise<AuditEntry[]>;
}
