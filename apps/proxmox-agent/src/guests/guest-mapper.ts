import type { Guest, GuestStatus } from '@proxmox-mpc/contracts';
import type { PveClusterResource } from '@proxmox-mpc/pve-client';

const KNOWN_STATUSES: ReadonlySet<string> = new Set<GuestStatus>([
  'running',
  'stopped',
  'paused',
  'suspended',
]);

export function isGuestResource(resource: PveClusterResource): boolean {
  return (resource.type === 'qemu' || resource.type === 'lxc') && typeof resource.vmid === 'number';
}

/** A `/cluster/resources` VM or container entry in the platform's shape. */
export function toGuest(resource: PveClusterResource): Guest {
  const status = resource.status ?? 'unknown';
  return {
    vmid: resource.vmid as number,
    name: resource.name ?? `${resource.type}-${resource.vmid}`,
    node: resource.node as string,
    type: resource.type as Guest['type'],
    status: KNOWN_STATUSES.has(status) ? (status as GuestStatus) : 'unknown',
    template: Boolean(resource.template),
    cpus: resource.maxcpu ?? 0,
    memoryBytes: resource.maxmem ?? 0,
    diskBytes: resource.maxdisk ?? 0,
    uptimeSeconds: resource.uptime ?? 0,
    tags: resource.tags ? resource.tags.split(/[;,\s]+/).filter(Boolean) : [],
    ...(resource.lock ? { lock: resource.lock } : {}),
  };
}
