import type { Transaction } from '@proxmox-mpc/persistence';
import type { SyncedNode } from './synced-node.entity';

/** Every read and write of `inventory_nodes`. */
export abstract class SyncedNodeStore {
  /** By node name. */
  abstract list(target: string): Promise<SyncedNode[]>;

  /** The target's nodes become exactly `nodes`. */
  abstract replace(target: string, nodes: readonly SyncedNode[], tx: Transaction): Promise<void>;
}
