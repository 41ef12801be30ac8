import type { InventoryGuest, Origin } from '@proxmox-mpc/contracts';

/** The agent's inventory of one cluster, as code generation and checks read it. */
export abstract class InventoryReader {
  /** The cluster's name as the agent knows it (its only one when `target` is absent); refuses unknown ones. */
  abstract clusterName(origin: Origin, target?: string): Promise<string>;

  /**
   * Every guest of the cluster with its config, as the cluster is now: synced first, unless
   * the caller accepts an inventory synced at most `maxAgeMs` ago, or the inventory as
   * stored however old (`'stored'`; NOT_FOUND when the cluster was never synced).
   */
  abstract read(
    origin: Origin,
    target?: string,
    maxAgeMs?: number | 'stored',
  ): Promise<{ target: string; guests: InventoryGuest[] }>;
}
