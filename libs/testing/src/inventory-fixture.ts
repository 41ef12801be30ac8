import type { InventoryGuest } from '@proxmox-mpc/contracts';
import type { PveSimulator } from '@proxmox-mpc/pve-sim';

/**
 * The simulator's guests as the agent's inventory holds them (summary + config), for
 * specs of code that consumes inventory without running an agent. Usage figures are
 * zero: nothing that generates code reads them.
 */
export function inventoryOf(simulator: PveSimulator): InventoryGuest[] {
  return simulator.state.guests().map((guest) => {
    const pool = simulator.state.poolOf(guest.vmid)?.poolid;
    return {
      vmid: guest.vmid,
      name: guest.config['name'] ?? guest.config['hostname'] ?? '',
      node: guest.node,
      type: guest.type,
      status: guest.status,
      template: guest.config['template'] === '1',
      cpus: Number(guest.config['cores'] ?? 1),
      memoryBytes: Number(guest.config['memory'] ?? 0) * 1024 ** 2,
      diskBytes: 0,
      uptimeSeconds: 0,
      tags: (guest.config['tags'] ?? '').split(';').filter(Boolean),
      config: { ...guest.config },
      ...(pool ? { pool } : {}),
    };
  });
}

/**
 * A guest as the agent's inventory holds it and its events carry it: a running VM on
 * pve1 named `web-<vmid>`, with its config and digest, changed by `overrides`.
 */
export function inventoryGuest(vmid: number, overrides: Partial<InventoryGuest> = {}): InventoryGuest {
  return {
    vmid,
    name: `web-${vmid}`,
    node: 'pve1',
    type: 'qemu',
    status: 'running',
    template: false,
    cpus: 2,
    memoryBytes: 6 * 1024 ** 3,
    diskBytes: 40 * 1024 ** 3,
    uptimeSeconds: 3600,
    tags: ['prod', 'web'],
    config: { memory: '6144', net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0' },
    digest: 'abc',
    ...overrides,
  };
}
