import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import type { ResourcePool } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';
import { unknownVmStats, vmStats } from '../cluster/vm-stats';
import { storageConfig } from '../storage/storage-config';

// Source: pve-manager PVE/API2/Pool.pm (index, read_pool) and PVE/API2Tools.pm extract_*_stats.

const POOL_ID = { type: 'string', format: 'pve-poolid' } as const;
const MEMBER_TYPES = ['qemu', 'lxc', 'storage'] as const;

/** The pools the caller may audit; with `poolid`, that pool with its members (PVE checks nothing then). */
export const poolIndexRoute: RouteDefinition = {
  method: 'GET',
  path: '/pools',
  parameters: {
    poolid: { ...POOL_ID, optional: true },
    type: { type: 'string', enum: MEMBER_TYPES, optional: true, requires: 'poolid' },
  },
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const poolid = params['poolid'];
    if (poolid !== undefined) return [poolWithMembers(state, poolid, params['type'])];
    return state
      .pools()
      .filter((pool) => access.check(`/pool/${pool.poolid}`, ['Pool.Audit'], { noerr: true }))
      .map((pool) => ({ poolid: pool.poolid, ...(pool.comment !== undefined && { comment: pool.comment }) }));
  },
};

/** Deprecated but still served; answers like `GET /pools?poolid=…`, poolid included. */
export const poolReadRoute: RouteDefinition = {
  method: 'GET',
  path: '/pools/{poolid}',
  parameters: { poolid: POOL_ID, type: { type: 'string', enum: MEMBER_TYPES, optional: true } },
  permissions: { check: ['perm', '/pool/{poolid}', ['Pool.Audit']] },
  handle: ({ params }, { state }) => poolWithMembers(state, params['poolid'] ?? '', params['type']),
};

function poolWithMembers(
  state: SimulatorState,
  poolid: string,
  type: string | undefined,
): Record<string, unknown> {
  const pool = state.pool(poolid);
  if (!pool) throw PveHttpError.failed(`pool '${poolid}' does not exist`);
  return {
    members: members(state, pool, type),
    ...(pool.comment !== undefined && { comment: pool.comment }),
    poolid,
  };
}

function members(
  state: SimulatorState,
  pool: ResourcePool,
  type: string | undefined,
): Record<string, unknown>[] {
  const now = Date.now();
  const online = new Set(
    state
      .nodes()
      .filter((node) => node.status === 'online')
      .map((node) => node.name),
  );
  const result: Record<string, unknown>[] = [];
  for (const vmid of [...pool.vms].sort((a, b) => (String(a) < String(b) ? -1 : 1))) {
    const guest = state.guest(vmid);
    if (!guest || (type !== undefined && type !== guest.type)) continue;
    result.push(online.has(guest.node) ? vmStats(guest, now) : unknownVmStats(guest));
  }
  if (type === undefined || type === 'storage') {
    const config = storageConfig(state);
    const local = state.nodes().find((node) => node.status === 'online')?.name;
    for (const storage of [...pool.storage].sort()) {
      const entry = config.find((candidate) => candidate.storage === storage);
      if (!entry) continue;
      // Prefer the answering node; a storage restricted to other nodes shows from its first one.
      const node = local !== undefined && entry.nodes.includes(local) ? local : (entry.nodes[0] ?? '');
      const record = state
        .storages()
        .find((candidate) => candidate.storage === storage && candidate.node === node);
      result.push({
        id: `storage/${node}/${storage}`,
        storage,
        node,
        type: 'storage',
        plugintype: entry.type,
        status: record && online.has(node) ? 'available' : 'unknown',
        shared: entry.shared ? 1 : 0,
        content: entry.content.join(','),
        ...(record && online.has(node) && { maxdisk: record.totalBytes, disk: record.usedBytes }),
      });
    }
  }
  return result;
}

export const poolRoutes: readonly RouteDefinition[] = [poolIndexRoute, poolReadRoute];
