import { Injectable } from '@nestjs/common';
import { EventOutbox } from '@proxmox-mpc/bus';
import type { InventoryGuest, Origin } from '@proxmox-mpc/contracts';
import type { GuestLocation } from './cluster-reader';
import { SyncPassFactory } from './sync-pass-factory';

export interface RefreshGuest {
  target: string;
  vmid: number;
  /** The operation that changed the guest: its events follow from it. */
  origin: Origin;
  /** Where the guest is now, when the caller knows: one status read instead of the whole cluster's. */
  location?: GuestLocation;
}

/**
 * Re-reads one guest now (its summary and config) and records the result as a pass
 * would: history, and a created, updated or deleted event. Resolves with the guest as
 * now stored, or undefined when it no longer exists. The caller holds the target's sync
 * lock (InventorySync).
 */
@Injectable()
export class RefreshGuestUseCase {
  constructor(
    private readonly passes: SyncPassFactory,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ target, vmid, origin, location }: RefreshGuest): Promise<InventoryGuest | undefined> {
    try {
      return await this.passes.create(target, origin).refresh(vmid, location);
    } finally {
      void this.outbox.flush();
    }
  }
}
