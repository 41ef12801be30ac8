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
  return nodeUsages(state, nowMs).get(node.name) ?? idleUsage(node, nowMs);
}

/** A running guest's share of its node's load. */
export interface GuestLoad {
  readonly node: string;
  /** CPU utilization 0..1 of the guest's own CPUs, and how many it has. */
  readonly cpu: number;
  readonly cpus: number;
  readonly mem: number;
}

/** Every node's usage in one pass over the guests (a large cluster has tens of thousands). */
export function nodeUsages(state: SimulatorState, nowMs: number): ReadonlyMap<string, NodeUsage> {
  const loads: GuestLoad[] = [];
  for (const guest of state.guests()) {
    if (guest.status !== 'running') continue;
    const resources = guestResources(guest);
    const usage = guestUsage(guest, resources, nowMs);
    loads.push({ node: guest.node, cpu: usage.cpu, cpus: resources.cpus, mem: usage.mem });
  }
  return nodeUsagesFrom(state, nowMs, loads);
}

/** Node usage from guest loads a caller already computed (/cluster/resources has them at hand). */
export function nodeUsagesFrom(
  state: SimulatorState,
  nowMs: number,
  loads: Iterable<GuestLoad>,
): ReadonlyMap<string, NodeUsage> {
  const totals = new Map<string, { cpuSeconds: number; mem: number }>();
  for (const load of loads) {
    const total = totals.get(load.node) ?? { cpuSeconds: 0, mem: 0 };
    total.cpuSeconds += load.cpu * load.cpus;
    total.mem += load.mem;
    totals.set(load.node, total);
  }
  const result = new Map<string, NodeUsage>();
  for (const node of state.nodes()) {
    const total = totals.get(node.name) ?? { cpuSeconds: 0, mem: 0 };
    result.set(node.name, {
      uptime: Math.floor((nowMs - node.bootedAt) / 1000),
      cpu: Number(Math.min(1, HOST_BASE_CPU + total.cpuSeconds / node.cpus).toFixed(6)),
      mem: Math.min(node.memoryBytes, Math.round(HOST_BASE_MEMORY_BYTES + total.mem)),
      disk: Math.round(node.rootfsBytes * HOST_ROOTFS_USED_FRACTION),
    });
  }
  return result;
}

function idleUsage(node: ClusterNode, nowMs: number): NodeUsage {
  return {
    uptime: Math.floor((nowMs - node.bootedAt) / 1000),
    cpu: HOST_BASE_CPU,
    mem: Math.round(HOST_BASE_MEMORY_BYTES),
    disk: Math.round(node.rootfsBytes * HOST_ROOTFS_USED_FRACTION),
  };
}
