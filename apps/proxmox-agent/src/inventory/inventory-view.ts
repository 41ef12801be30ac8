import { Inject, Injectable } from '@nestjs/common';
import { BusInvalidatedCache, MessageBus, type ConnectionWatch } from '@proxmox-mpc/bus';
import { Clock } from '@proxmox-mpc/service-runtime';
import type { SyncState } from './sync-state.entity';
import { SyncStateStore } from './sync-state.store';
import type { GuestSummaryRow } from './synced-guest.entity';
import { guestFilterMatcher, SyncedGuestStore, type GuestFilter } from './synced-guest.store';

/**
 * How long a target's inventory is answered from memory at most before it is read again.
 * Changes do not wait for it: InventoryRecorder forgets it when its own writes commit,
 * every replica when an inventory event reaches it (InventoryChangesHandler), and none
 * is used that was read before the replica's NATS connection last broke. This period
 * bounds only an event lost without the connection breaking; it costs two queries per
 * target, replica and period.
 */
const TRUST_MS = 10_000;
/** Far more clusters than one agent serves. */
const MAX_TARGETS = 1_000;

/**
 * Each target's guests and sync state as last written, held in memory so the queries
 * that read them (a guest list, freshness) do not go to PostgreSQL each time. Lists are
 * filtered here as the store would filter them, in VMID order.
 */
@Injectable()
export class InventoryView {
  private readonly guests: BusInvalidatedCache<string, readonly GuestSummaryRow[]>;
  private readonly states: BusInvalidatedCache<string, SyncState | undefined>;

  constructor(
    private readonly storedGuests: SyncedGuestStore,
    private readonly storedStates: SyncStateStore,
    @Inject(MessageBus) bus: ConnectionWatch,
    clock: Clock,
  ) {
    const options = { trustMs: TRUST_MS, maxEntries: MAX_TARGETS, now: () => clock.now().getTime() };
    this.guests = new BusInvalidatedCache(bus, options);
    this.states = new BusInvalidatedCache(bus, options);
  }

  /**
   * The target's guests that match `filter`. Only a whole list fills the view: a narrow
   * query (a guest operation resolving its selector) while the view holds nothing is one
   * indexed read, where filling it would read every guest, again after each change.
   */
  async listGuests(target: string, filter: GuestFilter = {}): Promise<GuestSummaryRow[]> {
    const narrow = Object.values(filter).some((value) => value !== undefined);
    const held = this.guests.peek(target);
    if (!held && narrow) return this.storedGuests.list(target, filter);
    const guests = await (held ?? this.guests.get(target, () => this.storedGuests.list(target)));
    return guests.filter(guestFilterMatcher(filter));
  }

  /** When the target was last synced; undefined (and not remembered) before its first pass. */
  syncState(target: string): Promise<SyncState | undefined> {
    return this.states.get(
      target,
      () => this.storedStates.find(target),
      (state) => state !== undefined,
    );
  }

  /** Forgets everything: some target's inventory changed. */
  forget(): void {
    this.guests.clear();
    this.states.clear();
  }
}
