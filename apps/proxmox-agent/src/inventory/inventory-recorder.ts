import { Injectable } from '@nestjs/common';
import { batchesForMessages, EventOutbox } from '@proxmox-mpc/bus';
import {
  Subjects,
  type FieldChange,
  type InventoryGuest,
  type InventorySynced,
  type Origin,
} from '@proxmox-mpc/contracts';
import { Transactions, type Transaction } from '@proxmox-mpc/persistence';
import { Clock } from '@proxmox-mpc/service-runtime';
import type { NodeObservation } from './cluster-reader';
import { GuestHistoryStore } from './guest-history.store';
import { InventoryView } from './inventory-view';
import { StoredSummaries, type InventoryWrite } from './stored-summaries';
import { SyncState, type SyncMode } from './sync-state.entity';
import { SyncStateStore } from './sync-state.store';
import { guestWriteOf, type GuestWrite, type SyncedGuest } from './synced-guest.entity';
import { SyncedGuestStore, type GuestTouch } from './synced-guest.store';
import { SyncedNode } from './synced-node.entity';
import { SyncedNodeStore } from './synced-node.store';

/** When a written guest's summary was observed and its config last read. */
export interface GuestSeen {
  observedAt: Date;
  configReadAt: Date | null;
}

export type GuestChange =
  | { kind: 'created'; guest: InventoryGuest; seen: GuestSeen }
  | { kind: 'updated'; guest: InventoryGuest; seen: GuestSeen; changes: FieldChange[] }
  | { kind: 'deleted'; guest: InventoryGuest };

/** Everything one transaction records about a batch of guests. */
export interface GuestBatch {
  changes: GuestChange[];
  /** What was learnt of guests without a change. */
  touches: GuestTouch[];
}

export interface ChangeCounts {
  created: number;
  updated: number;
  deleted: number;
}

/** What a pass found, for the synced event and the sync state. */
export interface PassSummary extends ChangeCounts {
  mode: SyncMode;
  observedAt: Date;
  nodes: readonly NodeObservation[];
  unreachableNodes: string[];
  configsRead: number;
  durationMs: number;
}

/**
 * Writes what a pass found, one transaction per batch: the rows, one history entry per
 * change, the events naming the changed guests, and the target's next revision. State and events commit
 * together, so they can never disagree; a pass that runs again finds nothing to announce.
 */
@Injectable()
export class InventoryRecorder {
  constructor(
    private readonly guests: SyncedGuestStore,
    private readonly history: GuestHistoryStore,
    private readonly nodes: SyncedNodeStore,
    private readonly states: SyncStateStore,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    private readonly view: InventoryView,
    private readonly summaries: StoredSummaries,
  ) {}

  /**
   * Records one batch: the guests `vmids` are locked, `decide` says what changed given
   * them as stored now, and rows, history and events are written in the same
   * transaction. Uptimes touched are as of `observedAt`. `pass` is the mode of the pass
   * writing it, if a pass is (not a guest read again after an operation): its events say
   * so, and the pass's synced event follows.
   */
  async record(
    { target, origin, pass }: { target: string; origin: Origin; pass?: SyncMode },
    vmids: readonly number[],
    decide: (stored: Map<number, SyncedGuest>) => GuestBatch,
    observedAt: Date,
  ): Promise<ChangeCounts> {
    const { counts, write } = await this.committed(async (tx) => {
      const batch = decide(await this.guests.lock(target, vmids, tx));
      const now = this.clock.now();
      const counts: ChangeCounts = { created: 0, updated: 0, deleted: 0 };
      const upserted: GuestWrite[] = [];
      const deleted: number[] = [];
      for (const change of batch.changes) {
        counts[change.kind] += 1;
        if (change.kind === 'deleted') deleted.push(change.guest.vmid);
        else upserted.push(guestWriteOf(target, change.guest, change.seen));
      }
      await this.guests.upsert(upserted, now, tx);
      await this.guests.touch(target, batch.touches, observedAt, tx);
      await this.guests.delete(target, deleted, tx);
      await this.history.append(
        batch.changes.map((change) => ({
          target,
          vmid: change.guest.vmid,
          kind: change.kind,
          changes: change.kind === 'updated' ? change.changes : null,
          snapshot: change.guest,
          changedAt: now,
        })),
        tx,
      );
      await this.announce(tx, { target, origin, pass }, counts, batch.changes);
      const revision = await this.states.advance(target, tx);
      const write: InventoryWrite = { revision, upserted, touched: batch.touches, deleted, observedAt };
      return { counts, write };
    });
    this.summaries.written(target, write);
    return counts;
  }

  /** Ends a pass: the target's nodes, its sync state and the synced event, together. */
  recordPass(target: string, origin: Origin, pass: PassSummary): Promise<InventorySynced> {
    const { mode, observedAt, nodes, unreachableNodes, created, updated, deleted, configsRead, durationMs } =
      pass;
    return this.committed(async (tx) => {
      const now = this.clock.now();
      await this.nodes.replace(
        target,
        nodes.map((node) => Object.assign(new SyncedNode(), { ...node, target, updatedAt: now })),
        tx,
      );
      const guests = await this.guests.count(target, tx);
      await this.states.record(
        Object.assign(new SyncState(), {
          target,
          lastSyncAt: observedAt,
          lastFullSyncAt: mode === 'full' ? observedAt : null,
          lastMode: mode,
          guests,
          unreachableNodes,
        }),
        tx,
      );
      const synced: InventorySynced = {
        target,
        mode,
        guests,
        created,
        updated,
        deleted,
        configsRead,
        unreachableNodes,
        durationMs,
      };
      await this.outbox.add(tx, Subjects.proxmoxInventorySynced, synced, origin);
      return synced;
    });
  }

  /**
   * Runs `work` in a transaction; once it has committed, this replica's InventoryView
   * reads again (the events tell the other replicas).
   */
  private async committed<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const result = await this.transactions.run(work);
    this.view.forget();
    return result;
  }

  /**
   * The changes a subject at a time, as few events as fit a message each (a write of
   * 500 guests is one or two events, not 500), then one event for the whole write: a
   * replica's InventoryView listens to that one alone.
   */
  private async announce(
    tx: Transaction,
    { target, origin, pass }: { target: string; origin: Origin; pass?: SyncMode },
    counts: ChangeCounts,
    changes: readonly GuestChange[],
  ): Promise<void> {
    if (changes.length === 0) return;
    const created: InventoryGuest[] = [];
    const updated: Array<{ guest: InventoryGuest; changes: FieldChange[] }> = [];
    const deleted: Array<Pick<InventoryGuest, 'vmid' | 'node' | 'type' | 'name'>> = [];
    for (const change of changes) {
      if (change.kind === 'created') created.push(change.guest);
      else if (change.kind === 'updated') updated.push({ guest: change.guest, changes: change.changes });
      else {
        const { vmid, node, type, name } = change.guest;
        deleted.push({ vmid, node, type, name });
      }
    }
    const events = <T>(guests: T[]) =>
      batchesForMessages(guests).map((batch) => ({ target, guests: batch, ...(pass && { pass }) }));
    await this.outbox.addMany(tx, Subjects.proxmoxInventoryGuestsCreated, events(created), origin);
    await this.outbox.addMany(tx, Subjects.proxmoxInventoryGuestsUpdated, events(updated), origin);
    await this.outbox.addMany(tx, Subjects.proxmoxInventoryGuestsDeleted, events(deleted), origin);
    await this.outbox.add(tx, Subjects.proxmoxInventoryChanged, { target, ...counts }, origin);
  }
}
