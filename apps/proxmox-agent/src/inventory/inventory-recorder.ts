import type { MessageBus, Outbox } from '@proxmox-mpc/bus';
import {
  Subjects,
  type FieldChange,
  type InventoryGuest,
  type InventorySynced,
  type Envelope,
  type Origin,
} from '@proxmox-mpc/contracts';
import type { EntityManager } from 'typeorm';
import type { GuestTouch, GuestWrite, HistoryEntry, InventoryRepository } from './inventory.repository';

export type GuestChange =
  | { kind: 'created'; write: GuestWrite }
  | { kind: 'updated'; write: GuestWrite; changes: FieldChange[] }
  | { kind: 'deleted'; guest: InventoryGuest };

/** Everything one transaction records about a batch of guests. */
export interface GuestBatch {
  changes: GuestChange[];
  /** Guests seen again without a change. */
  touches: GuestTouch[];
}

export interface ChangeCounts {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * Writes a batch inside the caller's transaction: the rows, one history entry per
 * change and one outbox event per change. State and events commit together, so they
 * can never disagree; a pass that runs again finds nothing to announce.
 */
export class InventoryRecorder {
  constructor(
    private readonly repository: InventoryRepository,
    private readonly bus: MessageBus,
    private readonly outbox: Outbox,
  ) {}

  async record(
    manager: EntityManager,
    target: string,
    origin: Origin,
    batch: GuestBatch,
    seenAt: Date,
  ): Promise<ChangeCounts> {
    const now = new Date();
    const writes: GuestWrite[] = [];
    const deletions: number[] = [];
    const history: HistoryEntry[] = [];
    const counts: ChangeCounts = { created: 0, updated: 0, deleted: 0 };
    for (const change of batch.changes) {
      counts[change.kind] += 1;
      if (change.kind === 'deleted') {
        deletions.push(change.guest.vmid);
        history.push({ vmid: change.guest.vmid, kind: 'deleted', changes: null, snapshot: change.guest });
      } else {
        writes.push(change.write);
        history.push({
          vmid: change.write.guest.vmid,
          kind: change.kind,
          changes: change.kind === 'updated' ? change.changes : null,
          snapshot: change.write.guest,
        });
      }
    }
    await this.repository.upsertGuests(manager, target, writes, now);
    await this.repository.touchGuests(manager, target, batch.touches, seenAt);
    await this.repository.deleteGuests(manager, target, deletions);
    await this.repository.appendHistory(manager, target, history, now);
    await this.outbox.enqueueMany(
      manager,
      batch.changes.map((change) => this.eventFor(target, origin, change)),
    );
    return counts;
  }

  async recordSynced(manager: EntityManager, origin: Origin, synced: InventorySynced): Promise<void> {
    const subject = Subjects.proxmoxInventorySynced;
    await this.outbox.enqueue(manager, subject, this.bus.envelope(subject, synced, origin));
  }

  private eventFor(
    target: string,
    origin: Origin,
    change: GuestChange,
  ): { subject: string; envelope: Envelope } {
    switch (change.kind) {
      case 'created': {
        const subject = Subjects.proxmoxInventoryGuestCreated;
        return {
          subject,
          envelope: this.bus.envelope(subject, { target, guest: change.write.guest }, origin),
        };
      }
      case 'updated': {
        const subject = Subjects.proxmoxInventoryGuestUpdated;
        const data = { target, guest: change.write.guest, changes: change.changes };
        return { subject, envelope: this.bus.envelope(subject, data, origin) };
      }
      case 'deleted': {
        const subject = Subjects.proxmoxInventoryGuestDeleted;
        const { vmid, node, type, name } = change.guest;
        return { subject, envelope: this.bus.envelope(subject, { target, vmid, node, type, name }, origin) };
      }
    }
  }
}
