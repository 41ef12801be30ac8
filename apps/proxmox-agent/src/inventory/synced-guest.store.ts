import { guestSelectorMatcher, type GuestStatus, type GuestType } from '@proxmox-mpc/contracts';
import type { Transaction } from '@proxmox-mpc/persistence';
import type { GuestSummaryRow, GuestWrite, SyncedGuest } from './synced-guest.entity';

export interface GuestFilter {
  node?: string;
  type?: GuestType;
  status?: GuestStatus;
  tag?: string;
  /** A guest selector (`100`, `web-*`, `pve1/db-?`), matched in the store so a lookup reads one row. */
  selector?: string;
}

/** Which guests match `filter`, as the PostgreSQL store's WHERE clause decides it. */
export function guestFilterMatcher(filter: GuestFilter): (row: GuestSummaryRow) => boolean {
  const selector = filter.selector === undefined ? undefined : guestSelectorMatcher(filter.selector);
  return (row) =>
    (filter.node === undefined || row.node === filter.node) &&
    (filter.type === undefined || row.type === filter.type) &&
    (filter.status === undefined || row.status === filter.status) &&
    (filter.tag === undefined || row.tags.includes(filter.tag)) &&
    (selector === undefined || selector(row));
}

/** What a pass learnt of an unchanged guest; null keeps the stored value. */
export interface GuestTouch {
  vmid: number;
  /** Its uptime as observed now (it rebooted, or its config was read anyway). */
  uptimeSeconds: number | null;
  configReadAt: Date | null;
  digest: string | null;
}

/**
 * Every read and write of `inventory_guests`. Lists are in VMID order. Writes take
 * batches: a pass sends hundreds of guests in one statement.
 */
export abstract class SyncedGuestStore {
  abstract find(target: string, vmid: number): Promise<SyncedGuest | undefined>;

  /** The summaries of the target's guests that match `filter`. */
  abstract list(target: string, filter?: GuestFilter): Promise<GuestSummaryRow[]>;

  /** Up to `limit` guests with their configs after `afterVmid`: one export page. */
  abstract page(target: string, afterVmid: number | undefined, limit: number): Promise<SyncedGuest[]>;

  /** The target's guests (all, or the given ones) without their configs, by VMID. */
  abstract summaries(target: string, vmids?: readonly number[]): Promise<Map<number, GuestSummaryRow>>;

  /** The given guests, locked until `tx` ends, by VMID. */
  abstract lock(target: string, vmids: readonly number[], tx: Transaction): Promise<Map<number, SyncedGuest>>;

  /** Inserts or replaces each guest; `now` is its update time, and its first-seen time when new. */
  abstract upsert(writes: readonly GuestWrite[], now: Date, tx: Transaction): Promise<void>;

  /**
   * Records what was learnt of unchanged guests, without moving their update time; an
   * uptime given is as of `observedAt`.
   */
  abstract touch(
    target: string,
    touches: readonly GuestTouch[],
    observedAt: Date,
    tx: Transaction,
  ): Promise<void>;

  abstract delete(target: string, vmids: readonly number[], tx: Transaction): Promise<void>;

  abstract count(target: string, tx?: Transaction): Promise<number>;

  /** How many guests each node of the target holds. */
  abstract countByNode(target: string): Promise<Map<string, number>>;
}
