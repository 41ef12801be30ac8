import type { PermissionEvaluator } from '../../auth/permission-evaluator';
import type { RouteDefinition } from '../../routes/route';
import type { ClusterNode, NodeStorage, ResourcePool } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';
import { type GuestLoad, type NodeUsage, nodeUsages, nodeUsagesFrom } from '../nodes/node-usage';
import { unknownVmStats, vmStats } from './vm-stats';

type ResourceType = 'vm' | 'storage' | 'node' | 'sdn';
type Resource = Record<string, string | number>;

const RESOURCE_TYPES: readonly ResourceType[] = ['vm', 'storage', 'node', 'sdn'];

// Every node carries PVE's default SDN zone.
const LOCAL_NETWORK_ZONE = 'localnetwork';
// cgroup v2 (unified hierarchy), the only mode PVE 9 hosts run.
const CGROUP_MODE = 2;

/**
 * Source: pve-manager PVE/API2/Cluster.pm 'resources' and PVE/API2Tools.pm extract_*_stats.
 * Everyone may call it; each entry is shown only to callers who may audit it. Pools
 * (listed only without a type filter) sum the usage of their running guests.
 * Statistics come from the cluster's RRD cache, which drops an offline node's data:
 * its guests read `status: unknown` with no usage and no name, its storages
 * `unknown`, the node itself `offline`.
 */
export const clusterResourcesRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/resources',
  parameters: { type: { type: 'string', optional: true, enum: RESOURCE_TYPES } },
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const wanted = params['type'] as ResourceType | undefined;
    const now = Date.now();
    const include = (type: ResourceType) => wanted === undefined || wanted === type;
    const pools = wanted === undefined ? poolResources(state, access) : new Map<string, Resource>();
    const loads: GuestLoad[] = [];
    const vms = include('vm') ? vmResources(state, access, pools, now, loads) : [];
    // Node usage sums the guests' usage; without the guest entries it takes its own pass.
    const usages = () => (include('vm') ? nodeUsagesFrom(state, now, loads) : nodeUsages(state, now));
    return [
      ...pools.values(),
      ...vms,
      ...(include('node') ? nodeResources(state, access, usages()) : []),
      ...(include('storage') ? storageResources(state, access) : []),
      ...(include('sdn') ? sdnResources(state, access) : []),
    ];
  },
};

function poolResources(state: SimulatorState, access: PermissionEvaluator): Map<string, Resource> {
  const entries = new Map<string, Resource>();
  for (const pool of state.pools()) {
    if (!access.check(`/pool/${pool.poolid}`, ['Pool.Audit'], { noerr: true })) continue;
    entries.set(pool.poolid, { id: `/pool/${pool.poolid}`, pool: pool.poolid, type: 'pool' });
  }
  return entries;
}

function vmResources(
  state: SimulatorState,
  access: PermissionEvaluator,
  pools: ReadonlyMap<string, Resource>,
  nowMs: number,
  loads: GuestLoad[],
): Resource[] {
  const poolOf = poolIndex(state.pools());
  const online = new Set(
    state
      .nodes()
      .filter((node) => node.status === 'online')
      .map((node) => node.name),
  );
  // PVE walks the vmlist with Perl's `sort keys`, a string sort: 1000 comes before 200.
  const guests = state
    .guests()
    .map((guest) => ({ key: String(guest.vmid), guest }))
    .sort((a, b) => compareText(a.key, b.key));
  const result: Resource[] = [];
  for (const { guest } of guests) {
    const entry = online.has(guest.node) ? vmStats(guest, nowMs) : unknownVmStats(guest);
    if (entry['status'] === 'running') {
      const load = { cpu: Number(entry['cpu']), cpus: Number(entry['maxcpu']), mem: Number(entry['mem']) };
      loads.push({ node: guest.node, ...load });
    }
    const pool = poolOf.get(guest.vmid);
    if (pool !== undefined) {
      entry['pool'] = pool;
      const poolEntry = pools.get(pool);
      if (poolEntry) addToPoolTotals(poolEntry, entry);
    }
    // Pool totals count every member; the entry itself only shows to those who may audit it.
    if (!access.check(`/vms/${guest.vmid}`, ['VM.Audit'], { noerr: true })) continue;
    if (pool !== undefined && !access.check(`/pool/${pool}`, ['Pool.Audit'], { noerr: true })) {
      delete entry['pool'];
    }
    const { tags, lock } = guest.config;
    if (tags !== undefined) entry['tags'] = tags;
    if (lock !== undefined) entry['lock'] = lock;
    result.push(entry);
  }
  return result;
}

/** The running-guest totals PVE adds to a pool's entry (cpu as a maxcpu-weighted average). */
function addToPoolTotals(pool: Resource, vm: Resource): void {
  const uptime = Number(vm['uptime'] ?? 0);
  if (!uptime) return;
  pool['uptime'] = Math.max(Number(pool['uptime'] ?? 0), uptime);
  pool['mem'] = Number(pool['mem'] ?? 0) + Number(vm['mem'] ?? 0);
  pool['maxmem'] = Number(pool['maxmem'] ?? 0) + Number(vm['maxmem'] ?? 0);
  const poolCpus = Number(pool['maxcpu'] ?? 0);
  const vmCpus = Number(vm['maxcpu'] ?? 0);
  pool['cpu'] =
    (Number(pool['cpu'] ?? 0) * poolCpus + Number(vm['cpu'] ?? 0) * vmCpus) / (poolCpus + vmCpus || 1);
  pool['maxcpu'] = poolCpus + vmCpus;
}

function nodeResources(
  state: SimulatorState,
  access: PermissionEvaluator,
  usages: ReadonlyMap<string, NodeUsage>,
): Resource[] {
  return state.nodes().map((node) => {
    const usage = usages.get(node.name);
    return nodeResource(node, usage, access.check(`/nodes/${node.name}`, ['Sys.Audit'], { noerr: true }));
  });
}

function nodeResource(node: ClusterNode, usage: NodeUsage | undefined, audit: boolean): Resource {
  const entry: Resource = { id: `node/${node.name}`, node: node.name, type: 'node', status: node.status };
  if (node.status === 'online' && usage) {
    if (audit)
      Object.assign(entry, { uptime: usage.uptime, cpu: usage.cpu, mem: usage.mem, disk: usage.disk });
    entry['level'] = node.supportLevel;
    if (audit)
      Object.assign(entry, { maxcpu: node.cpus, maxmem: node.memoryBytes, maxdisk: node.rootfsBytes });
  }
  entry['cgroup-mode'] = CGROUP_MODE;
  return entry;
}

function storageResources(state: SimulatorState, access: PermissionEvaluator): Resource[] {
  const online = new Set(
    state
      .nodes()
      .filter((node) => node.status === 'online')
      .map((node) => node.name),
  );
  return state
    .storages()
    .filter((storage) => access.check(`/storage/${storage.storage}`, ['Datastore.Audit'], { noerr: true }))
    .map((storage) => storageResource(storage, online.has(storage.node)));
}

function storageResource(storage: NodeStorage, nodeOnline: boolean): Resource {
  return {
    id: `storage/${storage.node}/${storage.storage}`,
    storage: storage.storage,
    node: storage.node,
    type: 'storage',
    plugintype: storage.plugintype,
    status: nodeOnline ? 'available' : 'unknown',
    shared: storage.shared ? 1 : 0,
    content: [...storage.content].sort().join(','),
    ...(nodeOnline && { maxdisk: storage.totalBytes, disk: storage.usedBytes }),
  };
}

function sdnResources(state: SimulatorState, access: PermissionEvaluator): Resource[] {
  if (!access.check(`/sdn/zones/${LOCAL_NETWORK_ZONE}`, ['SDN.Audit'], { noerr: true })) return [];
  return state.nodes().map((node) => ({
    id: `sdn/${node.name}/${LOCAL_NETWORK_ZONE}`,
    sdn: LOCAL_NETWORK_ZONE,
    node: node.name,
    type: 'sdn',
    status: 'ok',
  }));
}

function poolIndex(pools: readonly ResourcePool[]): Map<number, string> {
  const index = new Map<number, string>();
  for (const pool of pools) for (const vmid of pool.vms) index.set(vmid, pool.poolid);
  return index;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
