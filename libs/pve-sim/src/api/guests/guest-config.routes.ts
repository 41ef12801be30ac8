import type { PermissionCheck } from '../../auth/permission-check';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition, RouteParameters } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { Guest, GuestType } from '../../state/guest';
import { configDigest } from './config-file';
import { CONFIG_PARAMETERS } from './guest-config-keys';
import { applyConfigChanges, configChanges, updateLogLine } from './guest-config-update';
import { configView } from './guest-config-view';
import { assertUnlocked } from './guest-locks';
import { assertSkiplockAllowed, validateSshPublicKeys } from './guest-request-checks';
import { assertDriveVolumes } from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm (vm_config, update_vm_async, update_vm and their
// $update_vm_api) and pve-container PVE/API2/LXC/Config.pm (vm_config, update_vm).

const SNAPSHOT_NAME = { type: 'string', optional: true, format: 'pve-configid', maxLength: 40 } as const;
const CONFIG_LIST = { type: 'string', optional: true, format: 'pve-configid-list' } as const;
const DIGEST = { type: 'string', optional: true, maxLength: 40 } as const;

const QEMU_CONFIG_PRIVILEGES: PermissionCheck = [
  'perm',
  '/vms/{vmid}',
  [
    'VM.Config.Disk',
    'VM.Config.CDROM',
    'VM.Config.CPU',
    'VM.Config.Memory',
    'VM.Config.Network',
    'VM.Config.HWType',
    'VM.Config.Options',
    'VM.Config.Cloudinit',
  ],
  'any',
  1,
];
const LXC_CONFIG_PRIVILEGES: PermissionCheck = [
  'perm',
  '/vms/{vmid}',
  ['VM.Config.Disk', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.Options'],
  'any',
  1,
];

function readConfigRoute(type: GuestType): RouteDefinition {
  return {
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/config`,
    parameters: {
      node: NODE_PARAMETER,
      vmid: VMID_PARAMETER,
      current: { type: 'boolean', optional: true },
      snapshot: SNAPSHOT_NAME,
    },
    proxyToNode: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']] },
    handle: ({ params }, { state }) => {
      const snapname = params['snapshot'];
      if (snapname !== undefined && params['current'] === '1') {
        const message = "cannot use 'snapshot' parameter with 'current'";
        throw PveHttpError.parameters({ snapshot: message, current: message });
      }
      const guest = loadGuestConfig(state, params['node'], type, Number(params['vmid']));
      const digest = configDigest(guest);
      if (snapname === undefined) return configView(type, guest.config, digest);
      const snapshot = guest.snapshots?.[snapname];
      if (!snapshot) throw PveHttpError.failed(`snapshot '${snapname}' does not exist`);
      return configView(type, snapshot, digest);
    },
  };
}

function updateParameters(type: GuestType, extra: RouteParameters): RouteParameters {
  return {
    node: NODE_PARAMETER,
    vmid: VMID_PARAMETER,
    ...CONFIG_PARAMETERS[type],
    delete: CONFIG_LIST,
    revert: CONFIG_LIST,
    digest: DIGEST,
    ...extra,
  };
}

/** The checks qemu-server repeats before forking and again under the config lock. */
function checkQemuConfig(guest: Guest, params: Readonly<Record<string, string>>): void {
  const digest = params['digest'];
  if (digest && digest !== configDigest(guest))
    throw new Error('checksum mismatch (file change by other user?)');
  if (params['skiplock'] !== '1') assertUnlocked(guest);
}

function qemuUpdateRoute(method: 'PUT' | 'POST'): RouteDefinition {
  const sync = method === 'PUT';
  return {
    method,
    path: '/nodes/{node}/qemu/{vmid}/config',
    parameters: updateParameters('qemu', {
      skiplock: { type: 'boolean', optional: true },
      force: { type: 'boolean', optional: true, requires: 'delete' },
      ...(!sync && { background_delay: { type: 'integer', optional: true, minimum: 1, maximum: 30 } }),
    }),
    proxyToNode: true,
    permissions: { check: QEMU_CONFIG_PRIVILEGES },
    handle: ({ params, identity }, { state, tasks }) => {
      const node = resolveProxyNode(state, params['node']);
      const vmid = Number(params['vmid']);
      assertSkiplockAllowed(identity, params);
      if (params['sshkeys'] !== undefined) validateSshPublicKeys(params['sshkeys'], true);
      const changes = configChanges('qemu', params);
      if (
        Object.keys(changes.set).length === 0 &&
        changes.delete.length === 0 &&
        changes.revert.length === 0
      ) {
        throw PveHttpError.failed('no options specified');
      }
      assertDriveVolumes(state, changes.set);
      checkQemuConfig(loadGuestConfig(state, node.name, 'qemu', vmid), params);

      // update_vm_api logs the change cluster-wide, and into the task log when it runs in one.
      const update = (log: (line: string) => void) => {
        const guest = loadGuestConfig(state, node.name, 'qemu', vmid);
        checkQemuConfig(guest, params);
        const line = updateLogLine(guest, params);
        state.logCluster(node.name, identity.authId, line);
        log(line);
        applyConfigChanges({ state, guest, log }, changes);
      };
      if (sync) {
        update(() => undefined);
        return null;
      }
      const task = tasks.start({
        node,
        type: 'qmconfig',
        id: String(vmid),
        user: identity.authId,
        work: (context) => update((line) => context.log(line)),
      });
      return task.upid;
    },
  };
}

const lxcUpdateRoute: RouteDefinition = {
  method: 'PUT',
  path: '/nodes/{node}/lxc/{vmid}/config',
  parameters: updateParameters('lxc', {}),
  proxyToNode: true,
  permissions: { check: LXC_CONFIG_PRIVILEGES },
  handle: ({ params }, { state }) => {
    const node = resolveProxyNode(state, params['node']);
    const changes = configChanges('lxc', params);
    if (Object.keys(changes.set).length === 0 && changes.delete.length === 0 && changes.revert.length === 0) {
      throw PveHttpError.failed('no options specified');
    }
    const guest = loadGuestConfig(state, node.name, 'lxc', Number(params['vmid']));
    assertUnlocked(guest);
    // PVE::Tools::assert_if_modified: pve-container's wording, not qemu-server's.
    const digest = params['digest'];
    if (digest && digest !== configDigest(guest)) {
      throw PveHttpError.failed('detected modified configuration - file changed by other user? Try again.');
    }
    applyConfigChanges({ state, guest, log: () => undefined }, changes);
    return null;
  },
};

export const guestConfigRoutes: readonly RouteDefinition[] = [
  readConfigRoute('qemu'),
  qemuUpdateRoute('PUT'),
  qemuUpdateRoute('POST'),
  readConfigRoute('lxc'),
  lxcUpdateRoute,
];
