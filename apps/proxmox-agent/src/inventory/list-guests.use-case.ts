import { Injectable } from '@nestjs/common';
import type { GuestStatus, GuestsListRequest, GuestsListResponse } from '@proxmox-mpc/contracts';
import { TargetRegistry } from '../targets/target-registry';
import { InventoryFreshness } from './inventory-freshness';
import { InventoryView } from './inventory-view';
import { guestOf, type GuestSummaryRow } from './synced-guest.entity';

export type ListGuests = GuestsListRequest & { target?: string };

/**
 * The guests of a target that match the filters, from the inventory (synced first if too
 * old); with `limit`, one page of them and how many match in all.
 */
@Injectable()
export class ListGuestsUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly freshness: InventoryFreshness,
    private readonly view: InventoryView,
  ) {}

  async execute({
    target: name,
    maxAgeMs,
    offset = 0,
    limit,
    ...filter
  }: ListGuests): Promise<GuestsListResponse> {
    const target = this.targets.resolve(name).name;
    const freshness = await this.freshness.ensure(target, maxAgeMs);
    const rows = await this.view.listGuests(target, filter);
    const syncedAt = new Date(freshness.syncedAt);
    const guestAtSync = (row: GuestSummaryRow) => guestOf(row, syncedAt);
    if (limit === undefined) return { target, guests: rows.map(guestAtSync), ...freshness };
    const statusCounts: Partial<Record<GuestStatus, number>> = {};
    for (const row of rows) statusCounts[row.status] = (statusCounts[row.status] ?? 0) + 1;
    const guests = rows.slice(offset, offset + limit).map(guestAtSync);
    return { target, guests, total: rows.length, statusCounts, ...freshness };
  }
}
