import type { Guest } from '../../state/guest';
import { guestResources } from '../../state/guest-resources';
import { guestUsage } from '../../state/guest-usage';

export type VmStats = Record<string, string | number>;

/** PVE/API2Tools.pm extract_vm_stats: a guest's entry built from the cluster's RRD data. */
export function vmStats(guest: Guest, nowMs: number): VmStats {
  const resources = guestResources(guest);
  const usage = guestUsage(guest, resources, nowMs);
  return {
    id: `${guest.type}/${guest.vmid}`,
    vmid: guest.vmid,
    node: guest.node,
    type: guest.type,
    status: guest.status,
    uptime: usage.uptime,
    name: resources.name,
    template: resources.template ? 1 : 0,
    maxcpu: resources.cpus,
    cpu: usage.cpu,
    maxmem: resources.maxmem,
    mem: usage.mem,
    maxdisk: resources.maxdisk,
    disk: usage.disk,
    netin: usage.netin,
    netout: usage.netout,
    diskread: usage.diskread,
    diskwrite: usage.diskwrite,
    ...(guest.type === 'qemu' && { memhost: usage.mem }),
  };
}

/** extract_vm_stats once the RRD data is gone (the node has been offline for minutes). */
export function unknownVmStats(guest: Guest): VmStats {
  return {
    id: `${guest.type}/${guest.vmid}`,
    vmid: guest.vmid,
    node: guest.node,
    type: guest.type,
    status: 'unknown',
  };
}
