import type { RouteDefinition } from '../../routes/route';
import type { ClusterNode, NodeStorage } from '../../state/cluster-node';
import type { Guest } from '../../state/guest';
import { guestResources } from '../../state/guest-resources';
import { guestUsage } from '../../state/guest-usage';
import type { SimulatorState } from '../../state/simulator-state';
import { nodeUsage } from '../nodes/node-usage';

type ResourceType = 'vm' | 'storage' | 'node' | 'sdn';
type Resource = Record<string, string | number>;

const RESOURCE_TYPES: readonly ResourceType[] = ['vm', 'storage', 'node', 'sdn'];

// Every node carries PVE's default SDN zone.
const LOCAL_NETWORK_ZONE = 'localnetwork';
// cgroup v2 (unified hierarchy), the only mode PVE 9 hosts run.
const CGROUP_MODE = 2;

// Source: pve-manager PVE/API2/Cluster.pm 'resources' and PVE/API2Tools.pm extract_*_stats.
export const clusterResourcesRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/resources',
  parameters: { type: { type: 'string', optional: true, enum: RESOURCE_TYPES } },
  handle: ({ params }, { state }) => {
    const wanted = params['type'] as ResourceType | undefined;
    const now = Date.now();
    const include = (type: ResourceType) => wanted === undefined || wanted === type;
    return [
      ...(include('vm') ? vmResources(state, now) : []),
      ...(include('node') ? state.nodes().map((node) => nodeResource(state, node, now)) : []),
      ...(include('storage') ? state.storages().map(storageResource) : []),
      ...(include('sdn') ? state.nodes().map(sdnResource) : []),
    ];
  },
};

function vmResources(state: SimulatorState, nowMs: number): Resource[] {
  // PVE walks the vmlist with Perl's `sort keys`, a string sort: 1000 comes before 200.
  const byKey = (guest: Guest) => String(guest.vmid);
  const guests = [...state.guests()].sort((a, b) => (byKey(a) < byKey(b) ? -1 : byKey(a) > byKey(b) ? 1 : 0));
  return guests.map((guest) => vmResource(guest, nowMs));
}

function vmResource(guest: Guest, nowMs: number): Resource {
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
    ...(resources.tags !== undefined && { tags: resources.tags }),
    ...(resources.lock !== undefined && { lock: resources.lock }),
  };
}

function nodeResource(state: SimulatorState, node: ClusterNode, nowMs: number): Resource {
  const usage = nodeUsage(state, node, nowMs);
  return {
    id: `node/${node.name}`,
    node: node.name,
    type: 'node',
    status: node.status,
    uptime: usage.uptime,
    cpu: usage.cpu,
    mem: usage.mem,
    disk: usage.disk,
    level: node.supportLevel,
    maxcpu: node.cpus,
    maxmem: node.memoryBytes,
    maxdisk: node.rootfsBytes,
    'cgroup-mode': CGROUP_MODE,
  };
}

function storageResource(storage: NodeStorage): Resource {
  return {
    id: `storage/${storage.node}/${storage.storage}`,
    storage: storage.storage,
    node: storage.node,
    type: 'storage',
    plugintype: storage.plugintype,
    status: 'available',
    shared: storage.shared ? 1 : 0,
    content: [...storage.content].sort().join(','),
    maxdisk: storage.totalBytes,
    disk: storage.usedBytes,
  };
}

function sdnResource(node: ClusterNode): Resource {
  return {
    id: `sdn/${node.name}/${LOCAL_NETWORK_ZONE}`,
    sdn: LOCAL_NETWORK_ZONE,
    node: node.name,
    type: 'sdn',
    status: 'ok',
  };
}
