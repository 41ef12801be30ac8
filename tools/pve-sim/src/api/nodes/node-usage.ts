import type { ClusterNode } from '../../state/cluster-node';
import { guestResources } from '../../state/guest-resources';
import { guestUsage } from '../../state/guest-usage';
import type { SimulatorState } from '../../state/simulator-state';

export interface NodeUsage {
  readonly uptime: number;
  readonly cpu: number;
  readonly mem: number;
  readonly disk: number;
}

// What the host itself uses before any guest runs (pve-cluster, pveproxy, ZFS ARC…).
const HOST_BASE_MEMORY_BYTES = 2.5 * 1024 ** 3;
const HOST_BASE_CPU = 0.02;
const HOST_ROOTFS_USED_FRACTION = 0.18;

/** A node's load as the sum of its running guests' usage, so starting a guest shows up on its node. */
export function nodeUsage(state: SimulatorState, node: ClusterNode, nowMs: number): NodeUsage {
  let cpuSeconds = 0;
  let mem = HOST_BASE_MEMORY_BYTES;
  for (const guest of state.guests()) {
    if (guest.node !== node.name) continue;
    const resources = guestResources(guest);
    const usage = guestUsage(guest, resources, nowMs);
    cpuSeconds += usage.cpu * resources.cpus;
    mem += usage.mem;
  }
  return {
    uptime: Math.floor((nowMs - node.bootedAt) / 1000),
    cpu: Number(Math.min(1, HOST_BASE_CPU + cpuSeconds / node.cpus).toFixed(6)),
    mem: Math.min(node.memoryBytes, Math.round(mem)),
    disk: Math.round(node.rootfsBytes * HOST_ROOTFS_USED_FRACTION),
  };
}
