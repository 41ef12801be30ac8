import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { DEFAULT_MAX_AGE_MS, type GuestsListResponse } from '@proxmox-mpc/contracts';
import { PveApiError } from '@proxmox-mpc/pve-client';
import { Clock } from '@proxmox-mpc/service-runtime';
import { platformCodeFor } from '../targets/pve-errors';
import { InventorySync } from './inventory-sync';
import { InventoryView } from './inventory-view';

/** The contracts' freshness fields, as every inventory-backed answer carries them. */
export type Freshness = Pick<GuestsListResponse, 'source' | 'syncedAt' | 'ageMs'>;

/**
 * Answers "is the inventory of this target recent enough?", syncing it first when it is
 * not. Callers then read the tables and report the freshness with their answer.
 */
@Injectable()
export class InventoryFreshness {
  constructor(
    private readonly sync: InventorySync,
    private readonly view: InventoryView,
    private readonly clock: Clock,
  ) {}

  async ensure(target: string, maxAgeMs = DEFAULT_MAX_AGE_MS): Promise<Freshness> {
    const state = await this.view.syncState(target);
    if (state && this.ageOf(state.lastSyncAt) <= maxAgeMs) {
      return this.freshnessOf('inventory', state.lastSyncAt);
    }
    const age = state ? `${Math.round(this.ageOf(state.lastSyncAt) / 1000)} s old` : 'not synced yet';
    let synced: boolean;
    try {
      synced = await this.sync.syncNow(target);
    } catch (error) {
      const code = error instanceof PveApiError ? platformCodeFor(error.code) : 'UPSTREAM_UNAVAILABLE';
      throw new HandlerError(
        code,
        `the inventory of target "${target}" is ${age} and syncing it failed: ${(error as Error).message}`,
        true,
      );
    }
    // A pass ended after the request, here or on another replica (whose announcement may
    // still be on its way): what the view holds is older than that.
    this.view.forget();
    const fresh = await this.view.syncState(target);
    if (!synced || !fresh) {
      throw new HandlerError(
        'TIMEOUT',
        `the inventory of target "${target}" is ${age} and a sync did not finish in time; ` +
          'try again shortly, or accept older data with maxAgeMs',
        true,
      );
    }
    return this.freshnessOf('live', fresh.lastSyncAt);
  }

  /** The stored inventory's freshness, however old; NOT_FOUND when the target was never synced. */
  async stored(target: string): Promise<Freshness> {
    const state = await this.view.syncState(target);
    if (!state)
      throw new HandlerError(
        'NOT_FOUND',
        `the inventory of target "${target}" has not been synced yet`,
        false,
      );
    return this.freshnessOf('inventory', state.lastSyncAt);
  }

  private ageOf(syncedAt: Date): number {
    return this.clock.now().getTime() - syncedAt.getTime();
  }

  private freshnessOf(source: Freshness['source'], syncedAt: Date): Freshness {
    return { source, syncedAt: syncedAt.toISOString(), ageMs: Math.max(0, this.ageOf(syncedAt)) };
  }
}
