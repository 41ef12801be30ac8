import type { ClusterNode } from '../../state/cluster-node';
import { SIMULATED_PVE_VERSION } from '../version/version.route';

// What every simulated node runs: the kernel and CPU a PVE 9.2 host reports. Not part of
// the scenario, since no client decides anything by them beyond showing them.

export const KERNEL = {
  sysname: 'Linux',
  release: '6.14.11-4-pve',
  version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z)',
  machine: 'x86_64',
} as const;

/** `pve-manager/<version>/<repoid>`, as `pveversion` prints it. */
export const PVE_MANAGER_VERSION = `pve-manager/${SIMULATED_PVE_VERSION.version}/${SIMULATED_PVE_VERSION.repoid}`;

/** A CPU model that fits the node's thread count. */
export function cpuModel(node: ClusterNode): string {
  return node.cpus >= 16 ? 'AMD Ryzen 9 5950X 16-Core Processor' : 'Intel(R) Core(TM) i7-9700 CPU @ 3.00GHz';
}

/** Physical cores: the AMD parts run two threads per core, the Intel one one. */
export function physicalCores(node: ClusterNode): number {
  return node.cpus >= 16 ? node.cpus / 2 : node.cpus;
}
