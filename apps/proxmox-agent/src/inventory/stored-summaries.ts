import { Injectable } from '@nestjs/common';
import { SyncStateStore } from './sync-state.store';
import { summaryRowOf, type GuestSummaryRow, type GuestWrite } from './synced-guest.entity';
import { SyncedGuestStore, type GuestTouch } from './synced-guest.store';

/** One committed write of a target's inventory, as the store applied it. */
export interface InventoryWrite {
  /** The target's revision once it committed. */
  revision: number;
  upserted: readonly GuestWrite[];
  touched: readonly GuestTouch[];
  deleted: readonly number[];
  /** When the uptimes touched were observed. */
  observedAt: Date;
}

interface Held {
  revision: number;
  rows: Map<number, GuestSummaryRow>;
}

/**
 * The summaries of each target's stored guests, held in memory between passes: an
 * incremental pass compares every guest with them, and reading ten thousand rows costs
 * more than the rest of the pass. They are used only at the target's current revision:
 * this replica's writes are applied as they commit, and a write by another replica, or
 * one that was not applied, makes the next pass read them again.
 */
@Injectable()
export class StoredSummaries {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly guests: SyncedGuestStore,
    private readonly states: SyncStateStore,
  ) {}

  /**
   * The target's stored summaries by VMID, as they are when the pass begins; the caller
   * holds the target's sync lock, so nobody writes meanwhile.
   */
  async of(target: string): Promise<ReadonlyMap<number, GuestSummaryRow>> {
    const revision = await this.states.revision(target);
    let held = this.held.get(target);
    if (held?.revision !== revision) {
      held = { revision, rows: await this.guests.summaries(target) };
      this.held.set(target, held);
    }
    // A copy: the pass goes on comparing with what it began with while it writes.
    return new Map(held.rows);
  }

  /** Applies a committed write to the summaries held, or lets them go if another came between. */
  written(target: string, write: InventoryWrite): void {
    const held = this.held.get(target);
    if (held?.revision !== write.revision - 1) {
      this.held.delete(target);
      return;
    }
    held.revision = write.revision;
    for (const row of write.upserted) held.rows.set(row.vmid, summaryRowOf(row));
    for (const touch of write.touched) {
      const row = held.rows.get(touch.vmid);
      if (row) held.rows.set(touch.vmid, touched(row, touch, write.observedAt));
    }
    for (const vmid of write.deleted) held.rows.delete(vmid);
  }
}

/** `row` after `touch`, as SyncedGuestStore.touch leaves it. */
function touched(row: GuestSummaryRow, touch: GuestTouch, observedAt: Date): GuestSummaryRow {
  return {
    ...row,
    ...(touch.uptimeSeconds === null ? {} : { uptimeSeconds: touch.uptimeSeconds, observedAt }),
    configReadAt: touch.configReadAt ?? row.configReadAt,
  };
}
