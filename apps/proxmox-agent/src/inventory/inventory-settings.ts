export interface InventorySettings {
  /** Guests written per transaction: large enough to amortise round trips, small enough to hold locks briefly. */
  batchSize: number;
  /**
   * Config reads in flight per node that answers: pveproxy runs three workers on each
   * node and a read for another node's guest is proxied to it, so a cluster serves reads
   * in proportion to its nodes. The target's `maxConcurrency` caps the total.
   */
  configReadsPerNode: number;
  /**
   * Least recently read configs re-read by each incremental pass besides those the
   * cluster says may have changed: edits that neither /cluster/resources nor the cluster
   * log show (pve-container logs no config update; a config file edited by hand). At 200
   * per 15 s pass a 10,000-guest cluster is re-read in about 12 minutes.
   */
  configRefreshPerPass: number;
  /** How long syncNow and refreshGuest wait for a pass of their own before giving up. */
  waitMs: number;
}

export const DEFAULT_INVENTORY_SETTINGS: InventorySettings = {
  batchSize: 500,
  configReadsPerNode: 3,
  configRefreshPerPass: 200,
  waitMs: 30_000,
};

/** Overrides the defaults when a global module provides it (e.g. from the service config). */
export const INVENTORY_SETTINGS = Symbol('INVENTORY_SETTINGS');
