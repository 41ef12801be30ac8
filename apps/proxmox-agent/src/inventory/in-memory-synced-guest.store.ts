import { SyncedGuest, type GuestSummaryRow, type GuestWrite } from './synced-guest.entity';
import {
  guestFilterMatcher,
  SyncedGuestStore,
  type GuestFilter,
  type GuestTouch,
} from './synced-guest.store';

/** `inventory_guests` in an array, for unit tests of the use cases. */
export class InMemorySyncedGuestStore extends SyncedGuestStore {
  readonly rows: SyncedGuest[] = [];

  async find(target: string, vmid: number): Promise<SyncedGuest | undefined> {
    const row = this.rowOf(target, vmid);
    return row && copyOf(row);
  }

  async list(target: string, filter: GuestFilter = {}): Promise<GuestSummaryRow[]> {
    return this.of(target).filter(guestFilterMatcher(filter)).map(copyOf);
  }

  async page(target: string, afterVmid: number | undefined, limit: number): Promise<SyncedGuest[]> {
    return this.of(target)
      .filter((row) => row.vmid > (afterVmid ?? 0))
      .slice(0, limit)
      .map(copyOf);
  }

  async summaries(target: string, vmids?: readonly number[]): Promise<Map<number, GuestSummaryRow>> {
    return this.byVmid(this.of(target).filter((row) => !vmids || vmids.includes(row.vmid)));
  }

  async lock(target: string, vmids: readonly number[]): Promise<Map<number, SyncedGuest>> {
    return this.byVmid(this.of(target).filter((row) => vmids.includes(row.vmid)));
  }

  async upsert(writes: readonly GuestWrite[], now: Date): Promise<void> {
    for (const write of writes) {
      const stored = this.rowOf(write.target, write.vmid);
      if (stored) Object.assign(stored, copyOf(write), { updatedAt: now });
      else
        this.rows.push(Object.assign(new SyncedGuest(), copyOf(write), { firstSeenAt: now, updatedAt: now }));
    }
  }

  async touch(target: string, touches: readonly GuestTouch[], observedAt: Date): Promise<void> {
    for (const touch of touches) {
      const row = this.rowOf(target, touch.vmid);
      if (!row) continue;
      if (touch.uptimeSeconds !== null)
        Object.assign(row, { uptimeSeconds: touch.uptimeSeconds, observedAt });
      row.configReadAt = touch.configReadAt ?? row.configReadAt;
      row.digest = touch.digest ?? row.digest;
    }
  }

  async delete(target: string, vmids: readonly number[]): Promise<void> {
    const kept = this.rows.filter((row) => row.target !== target || !vmids.includes(row.vmid));
    this.rows.splice(0, this.rows.length, ...kept);
  }

  async count(target: string): Promise<number> {
    return this.of(target).length;
  }

  async countByNode(target: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const row of this.of(target)) counts.set(row.node, (counts.get(row.node) ?? 0) + 1);
    return counts;
  }

  private rowOf(target: string, vmid: number): SyncedGuest | undefined {
    return this.rows.find((row) => row.target === target && row.vmid === vmid);
  }

  /** The target's rows in VMID order. */
  private of(target: string): SyncedGuest[] {
    return this.rows.filter((row) => row.target === target).sort((a, b) => a.vmid - b.vmid);
  }

  private byVmid(rows: readonly SyncedGuest[]): Map<number, SyncedGuest> {
    return new Map(rows.map((row) => [row.vmid, copyOf(row)]));
  }
}

/** A copy, so a caller changing what it got does not change the store (as with a database). */
function copyOf<T extends object>(row: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(row) as object) as T, structuredClone(row));
}
