import type { Guest } from './guest';
import type { GuestResources } from './guest-resources';

/** Live counters of a guest, as PVE's `vmstatus` and the RRD report them. */
export interface GuestUsage {
  readonly uptime: number;
  readonly cpu: number;
  readonly mem: number;
  readonly disk: number;
  readonly netin: number;
  readonly netout: number;
  readonly diskread: number;
  readonly diskwrite: number;
}

const STOPPED: GuestUsage = {
  uptime: 0,
  cpu: 0,
  mem: 0,
  disk: 0,
  netin: 0,
  netout: 0,
  diskread: 0,
  diskwrite: 0,
};

/**
 * Plausible, repeatable usage: a per-guest load level derived from the vmid, and
 * traffic counters that grow with uptime, so two reads of the same guest differ
 * the way a real one does while every run of the simulator agrees.
 */
export function guestUsage(guest: Guest, resources: GuestResources, nowMs: number): GuestUsage {
  if (guest.status !== 'running' || guest.startedAt === undefined) return STOPPED;
  const uptime = Math.max(0, Math.floor((nowMs - guest.startedAt) / 1000));
  const load = loadLevel(guest.vmid);
  return {
    uptime,
    cpu: Number((0.01 + load * 0.25).toFixed(6)),
    mem: Math.round(resources.maxmem * (0.25 + load * 0.5)),
    // qemu reports no root image usage ("no info available"); containers report their rootfs.
    disk: guest.type === 'lxc' ? Math.round(resources.maxdisk * (0.1 + load * 0.5)) : 0,
    netin: Math.round(uptime * (2_000 + load * 50_000)),
    netout: Math.round(uptime * (1_000 + load * 30_000)),
    diskread: Math.round(uptime * (4_000 + load * 80_000)),
    diskwrite: Math.round(uptime * (3_000 + load * 60_000)),
  };
}

/** A stable value in [0, 1) per vmid. */
function loadLevel(vmid: number): number {
  return ((vmid * 2_654_435_761) % 2 ** 32) / 2 ** 32;
}
