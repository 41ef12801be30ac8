import type { Guest, GuestStatus, GuestType, InventoryGuest } from '@proxmox-mpc/contracts';
import type { PveClusterResource } from '@proxmox-mpc/pve-client';

/** A `/cluster/resources` entry that is a VM or a container. */
export type GuestResource = PveClusterResource & { type: GuestType; vmid: number; node: string };

/** A guest config as the inventory keeps it: PVE's keys, every value as text, no digest. */
export interface GuestConfigRead {
  config: Record<string, string>;
  digest?: string;
}

const RUN_STATES: ReadonlySet<string> = new Set<GuestStatus>(['running', 'stopped', 'paused', 'suspended']);

export function isGuestResource(resource: PveClusterResource): resource is GuestResource {
  return (
    (resource.type === 'qemu' || resource.type === 'lxc') &&
    typeof resource.vmid === 'number' &&
    typeof resource.node === 'string'
  );
}

/** The summary `/cluster/resources` gives of a guest, in the platform's shape. */
export function summaryOf(resource: GuestResource): Guest {
  const status = resource.status ?? 'unknown';
  return {
    vmid: resource.vmid,
    name: resource.name ?? `${resource.type}-${resource.vmid}`,
    node: resource.node,
    type: resource.type,
    status: RUN_STATES.has(status) ? (status as GuestStatus) : 'unknown',
    template: Boolean(resource.template),
    cpus: resource.maxcpu ?? 0,
    memoryBytes: Math.round(resource.maxmem ?? 0),
    diskBytes: Math.round(resource.maxdisk ?? 0),
    uptimeSeconds: uptimeOf(resource),
    tags: splitTags(resource.tags),
    ...(resource.lock ? { lock: resource.lock } : {}),
    ...(resource.pool ? { pool: resource.pool } : {}),
  };
}

export function uptimeOf(resource: GuestResource): number {
  return Math.round(resource.uptime ?? 0);
}

export function withConfig(summary: Guest, read: GuestConfigRead): InventoryGuest {
  return { ...summary, config: read.config, ...(read.digest === undefined ? {} : { digest: read.digest }) };
}

/**
 * PVE answers a config read with numbers for some keys (`memory: 4096`) and text for
 * others; the inventory keeps every value as text, as the config file holds it, so a
 * key compares equal however the API chose to encode it.
 */
export function normalizeConfig(raw: Record<string, unknown>): GuestConfigRead {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'digest' || value === undefined || value === null) continue;
    config[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return typeof raw['digest'] === 'string' ? { config, digest: raw['digest'] } : { config };
}

// PVE accepts `;`, `,` and spaces between tags and lists them with `;`.
function splitTags(tags: string | undefined): string[] {
  return tags ? tags.split(/[;,\s]+/).filter(Boolean) : [];
}
