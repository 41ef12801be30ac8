import type { Transaction } from '@proxmox-mpc/persistence';
import type { SyncState } from './sync-state.entity';

/** Every read and write of `inventory_sync_state` and `inventory_revisions`. */
export abstract class SyncStateStore {
  abstract find(target: string): Promise<SyncState | undefined>;

  /** How many times the target's inventory was written: 0 before the first write. */
  abstract revision(target: string): Promise<number>;

  /** Counts one more write of the target's inventory, inside it; resolves with the new count. */
  abstract advance(target: string, tx: Transaction): Promise<number>;

  /** Records a pass; a null `lastFullSyncAt` keeps the time of the last full one. */
  abstract record(state: SyncState, tx: Transaction): Promise<void>;
}
