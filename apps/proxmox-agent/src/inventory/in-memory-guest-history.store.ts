import { GuestHistoryEntry } from './guest-history-entry.entity';
import { GuestHistoryStore } from './guest-history.store';

/** `inventory_guest_history` in an array, for unit tests of the use cases. */
export class InMemoryGuestHistoryStore extends GuestHistoryStore {
  readonly rows: GuestHistoryEntry[] = [];

  async append(entries: ReadonlyArray<Omit<GuestHistoryEntry, 'id'>>): Promise<void> {
    for (const entry of entries) {
      this.rows.push(
        Object.assign(new GuestHistoryEntry(), structuredClone(entry), { id: String(this.rows.length + 1) }),
      );
    }
  }
}
