import type { Transaction } from '@proxmox-mpc/persistence';
import type { GuestHistoryEntry } from './guest-history-entry.entity';

/** Every read and write of `inventory_guest_history`. */
export abstract class GuestHistoryStore {
  abstract append(entries: ReadonlyArray<Omit<GuestHistoryEntry, 'id'>>, tx: Transaction): Promise<void>;
}
