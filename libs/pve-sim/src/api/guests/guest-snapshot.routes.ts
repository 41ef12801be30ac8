import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { GuestType } from '../../state/guest';
import { configDigest } from './config-file';
import { configView } from './guest-config-view';
import { assertUnlocked } from './guest-locks';
import { startVm } from './guest-power';
import {
  commitSnapshot,
  finishRollback,
  finishSnapshotDelete,
  prepareRollback,
  prepareSnapshot,
  prepareSnapshotDelete,
} from './guest-snapshots';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm (snapshot_list, snapshot, snapshot_cmd_idx,
// update_snapshot_config, get_snapshot_config, rollback, delsnapshot) and
// pve-container PVE/API2/LXC/Snapshot.pm. Everything but the name checks happens in
// the worker, so a locked guest or a duplicate name fails the task, not the call.

const SNAPNAME = { type: 'string', format: 'pve-configid', maxLength: 40 } as const;
const WORKERS = {
  qemu: { create: 'qmsnapshot', delete: 'qmdelsnapshot', rollback: 'qmrollback' },
  lxc: { create: 'vzsnapshot', delete: 'vzdelsnapshot', rollback: 'vzrollback' },
} as const;

function snapshotRoutes(type: GuestType): RouteDefinition[] {
  const base = `/nodes/{node}/${type}/{vmid}/snapshot`;
  const ids = { node: NODE_PARAMETER, vmid: VMID_PARAMETER };
  const workers = WORKERS[type];
  return [
    {
      method: 'GET',
      path: base,
      parameters: ids,
      proxyToNode: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']] },
      handle: ({ params }, { state }) => {
        const guest = loadGuestConfig(state, params['node'], type, Number(params['vmid']));
        const entries: Array<Record<string, string | number>> = Object.entries(guest.snapshots ?? {}).map(
          ([name, snapshot]) => ({
            name,
            snaptime: Number(snapshot['snaptime'] ?? 0),
            ...(type === 'qemu' && { vmstate: snapshot['vmstate'] ? 1 : 0 }),
            description: snapshot['description'] ?? '',
            ...(snapshot['parent'] !== undefined && { parent: snapshot['parent'] }),
            ...(snapshot['snapstate'] !== undefined && { snapstate: snapshot['snapstate'] }),
          }),
        );
        entries.push({
          name: 'current',
          digest: configDigest(guest),
          running: guest.status === 'running' ? 1 : 0,
          description: 'You are here!',
          ...(guest.config['parent'] !== undefined && { parent: guest.config['parent'] }),
        });
        return entries;
      },
    },
    {
      method: 'POST',
      path: base,
      parameters: {
        ...ids,
        snapname: SNAPNAME,
        description: { type: 'string', optional: true },
        ...(type === 'qemu' && { vmstate: { type: 'boolean', optional: true } }),
      },
      proxyToNode: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Snapshot']] },
      handle: ({ params, identity }, { state, tasks }) => {
        const node = resolveProxyNode(state, params['node']);
        const vmid = Number(params['vmid']);
        const snapname = params['snapname'] ?? '';
        if (snapname === 'current')
          throw PveHttpError.failed("unable to use snapshot name 'current' (reserved name)");
        if (type === 'qemu' && snapname.toLowerCase() === 'pending') {
          throw PveHttpError.failed("unable to use snapshot name 'pending' (reserved name)");
        }
        if (type === 'lxc' && snapname === 'vzdump') {
          throw PveHttpError.failed("unable to use snapshot name 'vzdump' (reserved name)");
        }
        loadGuestConfig(state, node.name, type, vmid);
        const description = params['description'];
        return tasks.start({
          node,
          type: workers.create,
          id: String(vmid),
          user: identity.authId,
          begin: (context) =>
            prepareSnapshot(
              {
                state,
                guest: loadGuestConfig(state, node.name, type, vmid),
                snapname,
                vmstate: params['vmstate'] === '1',
                ...(description !== undefined && { description }),
              },
              context,
            ),
          work: () => commitSnapshot(loadGuestConfig(state, node.name, type, vmid), snapname),
        }).upid;
      },
    },
    {
      method: 'GET',
      path: `${base}/{snapname}`,
      parameters: { ...ids, snapname: SNAPNAME },
      permissions: { user: 'all' },
      handle: () => [{ cmd: 'rollback' }, { cmd: 'config' }],
    },
    {
      method: 'DELETE',
      path: `${base}/{snapname}`,
      parameters: { ...ids, snapname: SNAPNAME, force: { type: 'boolean', optional: true } },
      proxyToNode: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Snapshot']] },
      handle: ({ params, identity }, { state, tasks }) => {
        const node = resolveProxyNode(state, params['node']);
        const vmid = Number(params['vmid']);
        const snapname = params['snapname'] ?? '';
        return tasks.start({
          node,
          type: workers.delete,
          id: String(vmid),
          user: identity.authId,
          begin: () => prepareSnapshotDelete(loadGuestConfig(state, node.name, type, vmid), snapname),
          work: (context) =>
            finishSnapshotDelete(state, loadGuestConfig(state, node.name, type, vmid), snapname, context),
        }).upid;
      },
    },
    {
      method: 'POST',
      path: `${base}/{snapname}/rollback`,
      parameters: { ...ids, snapname: SNAPNAME, start: { type: 'boolean', optional: true } },
      proxyToNode: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Snapshot', 'VM.Snapshot.Rollback'], 'any', 1] },
      handle: ({ params, identity, access }, { state, tasks }) => {
        const node = resolveProxyNode(state, params['node']);
        const vmid = Number(params['vmid']);
        const snapname = params['snapname'] ?? '';
        // Starting afterwards is a power operation of its own.
        if (params['start'] === '1') access.check(`/vms/${vmid}`, ['VM.PowerMgmt']);
        const agentDelayMs = tasks.guestAgentDelayMs;
        return tasks.start({
          node,
          type: workers.rollback,
          id: String(vmid),
          user: identity.authId,
          begin: () => prepareRollback(loadGuestConfig(state, node.name, type, vmid), snapname),
          work: (context) => {
            const guest = loadGuestConfig(state, node.name, type, vmid);
            finishRollback(state, guest, snapname, context, agentDelayMs);
            if (params['start'] !== '1' || guest.status === 'running') return;
            if (type === 'qemu') startVm(guest, context, agentDelayMs);
            else {
              guest.status = 'running';
              guest.startedAt = Date.now();
              guest.pid = context.task.pid + 1;
            }
          },
        }).upid;
      },
    },
    {
      method: 'GET',
      path: `${base}/{snapname}/config`,
      parameters: { ...ids, snapname: SNAPNAME },
      proxyToNode: true,
      permissions: {
        check: ['perm', '/vms/{vmid}', ['VM.Snapshot', 'VM.Snapshot.Rollback', 'VM.Audit'], 'any', 1],
      },
      handle: ({ params }, { state }) => {
        const guest = loadGuestConfig(state, params['node'], type, Number(params['vmid']));
        const snapshot = guest.snapshots?.[params['snapname'] ?? ''];
        if (!snapshot) throw PveHttpError.failed(`snapshot '${params['snapname']}' does not exist`);
        const view = configView(type, snapshot, '');
        // get_snapshot_config returns the section as it is: no digest.
        delete view['digest'];
        return view;
      },
    },
    {
      method: 'PUT',
      path: `${base}/{snapname}/config`,
      parameters: { ...ids, snapname: SNAPNAME, description: { type: 'string', optional: true } },
      proxyToNode: true,
      permissions: { check: ['perm', '/vms/{vmid}', ['VM.Snapshot']] },
      handle: ({ params }, { state }) => {
        const description = params['description'];
        if (description === undefined) return null;
        const guest = loadGuestConfig(state, params['node'], type, Number(params['vmid']));
        assertUnlocked(guest);
        const snapshot = guest.snapshots?.[params['snapname'] ?? ''];
        if (!snapshot) throw PveHttpError.failed(`snapshot '${params['snapname']}' does not exist`);
        snapshot['description'] = description;
        return null;
      },
    },
  ];
}

export const guestSnapshotRoutes: readonly RouteDefinition[] = [
  ...snapshotRoutes('qemu'),
  ...snapshotRoutes('lxc'),
];
