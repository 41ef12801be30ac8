import { Injectable } from '@nestjs/common';
import type { GuestsListRequest, GuestsListResponse } from '@proxmox-mpc/contracts';
import { TargetRegistry } from '../targets/target-registry';
import { InventoryFreshness } from './inventory-freshness';
import { guestOf } from './synced-guest.entity';
import { SyncedGuestStore } from './synced-guest.store';

export type ListGuests = GuestsListRequest & { target?: string };

/** The guests of a target that match the filters, from the inventory (synced first if too old). */
@Injectable()
export class ListGuestsUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly freshness: InventoryFreshness,
    private readonly guests: SyncedGuestStore,
  ) {}

  async execute({ target: name, maxAgeMs, ...filter }: ListGuests): Promise<GuestsListResponse> {
    const target = this.targets.resolve(name).name;
    const freshness = await this.freshness.ensure(target, maxAgeMs);
    const guests = (await this.guests.list(target, filter)).map(guestOf);
    return { target, guests, ...freshness };
  }
}
