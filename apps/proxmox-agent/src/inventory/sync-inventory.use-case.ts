import { Injectable } from '@nestjs/common';
import { EventOutbox } from '@proxmox-mpc/bus';
import type { InventorySynced, Origin } from '@proxmox-mpc/contracts';
import type { SyncPassContext } from './sync-pass';
import type { SyncMode } from './sync-state.entity';
import { SyncPassFactory } from './sync-pass-factory';

export interface SyncInventory {
  target: string;
  mode: SyncMode;
  /** What the pass's events are attributed to. */
  origin: Origin;
  /** Aborted when the service stops: the pass ends after the batch in hand. */
  signal?: AbortSignal;
  /** Told how far the pass has come (a pass an operator waits for). */
  onProgress?: SyncPassContext['onProgress'];
}

/**
 * One pass over a target (SyncPass): a full one reads every config, an incremental one
 * the configs of guests new or changed in /cluster/resources plus the least recently
 * read. Each batch commits with its history and events; the pass ends with the nodes,
 * the sync state and `evt.proxmox.inventory.synced`. The caller holds the target's sync
 * lock (InventorySync).
 */
@Injectable()
export class SyncInventoryUseCase {
  constructor(
    private readonly passes: SyncPassFactory,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ target, mode, origin, signal, onProgress }: SyncInventory): Promise<InventorySynced> {
    try {
      return await this.passes.create(target, origin, signal, onProgress).run(mode);
    } finally {
      // Batches committed before a failure have events too; the pass does not wait for them.
      void this.outbox.flush();
    }
  }
}
