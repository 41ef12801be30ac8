import { SyncState } from './sync-state.entity';
import { SyncStateStore } from './sync-state.store';

/** `inventory_sync_state` in an array and `inventory_revisions` in a map, for unit tests of the use cases. */
export class InMemorySyncStateStore extends SyncStateStore {
  readonly rows: SyncState[] = [];
  readonly revisions = new Map<string, number>();

  async find(target: string): Promise<SyncState | undefined> {
    const row = this.rows.find((state) => state.target === target);
    return row && Object.assign(new SyncState(), row);
  }

  async revision(target: string): Promise<number> {
    return this.revisions.get(target) ?? 0;
  }

  async advance(target: string): Promise<number> {
    const revision = (this.revisions.get(target) ?? 0) + 1;
    this.revisions.set(target, revision);
    return revision;
  }

  async record(state: SyncState): Promise<void> {
    const previous = this.rows.findIndex((row) => row.target === state.target);
    const lastFullSyncAt = state.lastFullSyncAt ?? this.rows[previous]?.lastFullSyncAt ?? null;
    const row = Object.assign(new SyncState(), state, { lastFullSyncAt });
    if (previous === -1) this.rows.push(row);
    else this.rows[previous] = row;
  }
}
