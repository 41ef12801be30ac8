import { SyncState } from './sync-state.entity';
import { SyncStateStore } from './sync-state.store';

/** `inventory_sync_state` in an array, for unit tests of the use cases. */
export class InMemorySyncStateStore extends SyncStateStore {
  readonly rows: SyncState[] = [];

  async find(target: string): Promise<SyncState | undefined> {
    const row = this.rows.find((state) => state.target === target);
    return row && Object.assign(new SyncState(), row);
  }

  async record(state: SyncState): Promise<void> {
    const previous = this.rows.findIndex((row) => row.target === state.target);
    const lastFullSyncAt = state.lastFullSyncAt ?? this.rows[previous]?.lastFullSyncAt ?? null;
    const row = Object.assign(new SyncState(), state, { lastFullSyncAt });
    if (previous === -1) this.rows.push(row);
    else this.rows[previous] = row;
  }
}
