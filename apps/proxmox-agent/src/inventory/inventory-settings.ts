export interface InventorySettings {
  /** Guests written per transaction: large enough to amortise round trips, small enough to hold locks briefly. */
  batchSize: number;
  /** Config reads in flight per target; matches the client's default cap, which queues the rest anyway. */
  configReadParallelism: number;
  /**
   * Least recently read configs re-read by each incremental pass: a config-only edit
   * (a new NIC, a description) does not show in /cluster/resources. At 200 per 15 s pass
   * a 10,000-guest cluster is re-read in about 12 minutes.
   */
  configRefreshPerPass: number;
  /** How long syncNow and refreshGuest wait for a pass of their own before giving up. */
  waitMs: number;
}

export const DEFAULT_INVENTORY_SETTINGS: InventorySettings = {
  batchSize: 500,
  configReadParallelism: 8,
  configRefreshPerPass: 200,
  waitMs: 30_000,
};

/** Overrides the defaults when a global module provides it (e.g. from the service config). */
export const INVENTORY_SETTINGS = Symbol('INVENTORY_SETTINGS');
