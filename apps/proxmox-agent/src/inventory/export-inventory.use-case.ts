import { Injectable } from '@nestjs/common';
import { batchesForMessages } from '@proxmox-mpc/bus';
import type { InventoryExportRequest, InventoryExportResponse } from '@proxmox-mpc/contracts';
import { TargetRegistry } from '../targets/target-registry';
import { InventoryFreshness } from './inventory-freshness';
import { inventoryGuestOf } from './synced-guest.entity';
import { SyncedGuestStore } from './synced-guest.store';

export type ExportInventory = InventoryExportRequest & { target?: string };

const DEFAULT_PAGE_SIZE = 500;

/** One page of a target's guests with their configs, in VMID order: what code generation reads. */
@Injectable()
export class ExportInventoryUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly freshness: InventoryFreshness,
    private readonly guests: SyncedGuestStore,
  ) {}

  async execute({
    target: name,
    afterVmid,
    limit = DEFAULT_PAGE_SIZE,
    maxAgeMs,
    storedOnly,
  }: ExportInventory): Promise<InventoryExportResponse> {
    const target = this.targets.resolve(name).name;
    const freshness = storedOnly
      ? await this.freshness.stored(target)
      : await this.freshness.ensure(target, maxAgeMs);
    // One more than asked for says whether another page follows.
    const rows = await this.guests.page(target, afterVmid, limit + 1);
    const syncedAt = new Date(freshness.syncedAt);
    const asked = rows.slice(0, limit).map((row) => inventoryGuestOf(row, syncedAt));
    // Guests with large configs end a page early: the reply must fit in one NATS message.
    const [page = []] = batchesForMessages(asked);
    const last = page.at(-1);
    return {
      target,
      guests: page,
      ...((rows.length > limit || page.length < asked.length) && last ? { nextAfterVmid: last.vmid } : {}),
      ...freshness,
    };
  }
}
