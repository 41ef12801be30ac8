import type { Transaction } from '@proxmox-mpc/persistence';
import type { SyncState } from './sync-state.entity';

/** Every read and write of `inventory_sync_state`. */
export abstract class SyncStateStore {
  abstract find(target: string): Promise<SyncState | undefined>;

  /** Records a pass; a null `lastFullSyncAt` keeps the time of the last full one. */
  abstract record(state: SyncState, tx: Transaction): Promise<void>;
}
