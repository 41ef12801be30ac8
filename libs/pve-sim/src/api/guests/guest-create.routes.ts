import { randomBytes } from 'node:crypto';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteCall, RouteDefinition, SimulatorContext } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { Guest } from '../../state/guest';
import type { TaskContext } from '../../tasks/task-engine';
import { LXC_CONFIG_PARAMETERS, QEMU_CONFIG_PARAMETERS, isVolumeKey } from './guest-config-keys';
import { uniqueTags } from './guest-config-update';
import {
  type CreateCall,
  assertCreatePermissions,
  assertRestorable,
  autostart,
  completeQemuConfig,
  configParameters,
  createAndLockConfig,
  createErrorPrefix,
  destroyGuestVolumes,
  prepareConfigOptions,
  writeNewConfig,
} from './guest-create';
import { assertUnprotected } from './guest-locks';
import { validateSshPublicKeys } from './guest-request-checks';
import { archiveContents, restoredConfig } from './guest-restore';
import { assertVolumeContent, fileVolumeContent, fileVolumePath, requireFileVolume } from './storage-paths';

// Sources: qemu-server PVE/API2/Qemu.pm create_vm and pve-container PVE/API2/LXC.pm
// create_vm, both of which also restore a vzdump archive (`archive`, or `ostemplate`
// with `restore=1`).

const FLAG = { type: 'boolean', optional: true } as const;
const POOL = { type: 'string', optional: true, format: 'pve-poolid' } as const;
const STORAGE = { type: 'string', optional: true, format: 'pve-storage-id' } as const;

function createCall(
  { params, access }: RouteCall,
  { state }: SimulatorContext,
  type: Guest['type'],
): CreateCall {
  const node = resolveProxyNode(state, params['node']);
  const restore = type === 'qemu' ? params['archive'] !== undefined : params['restore'] === '1';
  return { state, node, type, vmid: Number(params['vmid']), params, access, restore };
}

function createQemu(route: RouteCall, context: SimulatorContext): string {
  const call = createCall(route, context, 'qemu');
  const { params, state, vmid } = call;
  if (params['sshkeys'] !== undefined) validateSshPublicKeys(params['sshkeys'], true);
  assertCreatePermissions(call);

  const options = configParameters(params);
  const archive = params['archive'];
  if (archive !== undefined) {
    const drive = Object.keys(options)
      .sort()
      .find((key) => isVolumeKey('qemu', key) && !key.startsWith('unused'));
    if (drive !== undefined)
      throw PveHttpError.parameters({ [drive]: "option conflicts with option 'archive'" });
    if (fileVolumeContent(archive) !== undefined) assertVolumeContent(archive, 'backup');
    if (!state.volume(call.node.name, archive)) throw PveHttpError.failed(`can't find file '${archive}'`);
  }
  if (Object.keys(options).length > 0) prepareConfigOptions(call, options);

  const guest = createAndLockConfig(call, archive !== undefined && params['force'] === '1');
  const prefix = createErrorPrefix('qemu', vmid, call.restore);
  const agentDelayMs = context.tasks.guestAgentDelayMs;
  return context.tasks.start({
    node: call.node,
    type: call.restore ? 'qmrestore' : 'qmcreate',
    id: String(vmid),
    user: route.identity.authId,
    work: (task) => {
      if (archive === undefined) {
        try {
          writeNewConfig(call, guest, options, task);
          completeQemuConfig(guest.config, Date.now());
          delete guest.config['lock'];
        } catch (error: unknown) {
          // qemu-server removes the config of a VM it failed to create.
          state.removeGuest(vmid);
          throw new Error(`${prefix} ${(error as Error).message}`);
        }
      } else {
        restoreGuest(call, guest, archive, options, task);
      }
      finishCreate(call, guest, task, agentDelayMs);
    },
  }).upid;
}

function createLxc(route: RouteCall, context: SimulatorContext): string {
  const call = createCall(route, context, 'lxc');
  const { params, state, vmid } = call;
  const force = params['force'] === '1';
  const existing = state.guestOn(call.node.name, 'lxc', vmid);
  if (!(existing && call.restore && force)) {
    const other = state.guest(vmid);
    if (other)
      throw PveHttpError.failed(
        `${other.type === 'qemu' ? 'VM' : 'CT'} ${vmid} already exists on node '${other.node}'`,
      );
  } else {
    if (existing.status === 'running') throw PveHttpError.failed("can't overwrite running container");
    try {
      assertUnprotected(existing, `unable to restore CT ${vmid}`);
    } catch (error: unknown) {
      throw PveHttpError.failed((error as Error).message);
    }
  }
  if (params['ssh-public-keys'] !== undefined) validateSshPublicKeys(params['ssh-public-keys'], false);
  assertCreatePermissions(call);

  const ostemplate = params['ostemplate'] ?? '';
  assertVolumeContent(ostemplate, call.restore ? 'backup' : 'vztmpl');
  const storage = params['storage'] ?? 'local';
  const options = configParameters(params);
  // A bare size (`rootfs: 8`) goes to the `storage` parameter.
  for (const key of Object.keys(options)) {
    if ((key === 'rootfs' || /^mp\d+$/.test(key)) && /^\d+(?:\.\d+)?$/.test(options[key] ?? '')) {
      options[key] = `${storage}:${options[key]}`;
    }
  }
  const mountPoints = Object.keys(options).some((key) => /^mp\d+$/.test(key));
  if (mountPoints && options['rootfs'] === undefined) {
    throw PveHttpError.failed("mount points configured, but 'rootfs' not set - aborting");
  }
  if (options['rootfs'] === undefined && !call.restore) options['rootfs'] = `${storage}:4`;
  const storageOnly = options['rootfs'] === undefined;
  if (storageOnly) assertContainerStorage(call, storage);
  if (!call.restore) options['unprivileged'] ??= '1';
  prepareConfigOptions({ ...call, params: { ...params, storage } }, options);

  const guest = createAndLockConfig(call, call.restore && force);
  const prefix = createErrorPrefix('lxc', vmid, call.restore);
  const agentDelayMs = context.tasks.guestAgentDelayMs;
  return context.tasks.start({
    node: call.node,
    type: call.restore ? 'vzrestore' : 'vzcreate',
    id: String(vmid),
    user: route.identity.authId,
    work: (task) => {
      if (call.restore) {
        restoreGuest({ ...call, params: { ...params, storage } }, guest, ostemplate, options, task);
      } else {
        try {
          const template = requireFileVolume(state, call.node.name, ostemplate);
          writeNewConfig(call, guest, options, task);
          logTemplateExtraction(template.volid, template.size, options['hostname'] ?? `CT${vmid}`, task);
          Object.assign(guest.config, containerDefaults(guest.config, template.volid, vmid));
          delete guest.config['lock'];
        } catch (error: unknown) {
          state.removeGuest(vmid);
          throw new Error(`${prefix} ${(error as Error).message}`);
        }
      }
      finishCreate(call, guest, task, agentDelayMs);
    },
  }).upid;
}

/** pve-container's check_and_activate_storage for the default storage. */
function assertContainerStorage(call: CreateCall, storageId: string): void {
  const storage = call.state
    .storages()
    .find((entry) => entry.storage === storageId && entry.node === call.node.name);
  if (!storage) throw PveHttpError.failed(`storage '${storageId}' does not exist`);
  if (!storage.content.includes('rootdir')) {
    throw PveHttpError.parameters({
      storage: `storage '${storageId}' does not support container directories`,
    });
  }
}

/** A restore's worker: the archive's config with its disks re-created, then the given options on top. */
function restoreGuest(
  call: CreateCall,
  guest: Guest,
  archiveVolid: string,
  options: Readonly<Record<string, string>>,
  task: TaskContext,
): void {
  const { state } = call;
  const prefix = createErrorPrefix(call.type, call.vmid, true);
  let restoredData = false;
  try {
    assertRestorable(guest, prefix);
    const volume = requireFileVolume(state, call.node.name, archiveVolid);
    const archive = archiveContents(state, call.node.name, volume);
    if (archive.type !== call.type) {
      throw new Error(
        call.type === 'lxc'
          ? `cannot restore non-LXC guest of type '${archive.type}'`
          : `archive '${archiveVolid}' is not a VM backup`,
      );
    }
    destroyGuestVolumes(guest, task);
    // The old volumes are gone: their names are free for the restored disks.
    guest.config = { lock: 'create' };
    delete guest.snapshots;
    const storage = call.params['storage'];
    const config = restoredConfig({
      state,
      guest,
      archive,
      archiveVolid,
      ...(storage !== undefined && { storage }),
      unique: call.params['unique'] === '1',
      context: task,
    });
    restoredData = true;
    guest.config = { ...config, lock: 'create' };
    const overrides = Object.fromEntries(
      Object.entries(options).filter(([key]) => !isVolumeKey(call.type, key)),
    );
    for (const [key, value] of Object.entries(overrides))
      guest.config[key] = key === 'tags' ? uniqueTags(value) : value;
    delete guest.config['lock'];
  } catch (error: unknown) {
    delete guest.config['lock'];
    task.log(
      restoredData
        ? `error after data was restored, VM disks should be OK but config may require adaptions. VM ${call.vmid} state is NOT cleaned up.`
        : `error before or during data restore, some or all disks were not completely restored. VM ${call.vmid} state is NOT cleaned up.`,
    );
    throw error;
  }
}

function finishCreate(call: CreateCall, guest: Guest, task: TaskContext, agentDelayMs: number): void {
  const pool = call.params['pool'];
  if (pool !== undefined) call.state.addGuestToPool(pool, call.vmid);
  if (call.params['start'] === '1' && guest.config['template'] !== '1') autostart(guest, task, agentDelayMs);
}

/** pve-container's defaults after the rootfs is populated, and the OS it detected. */
function containerDefaults(
  config: Readonly<Record<string, string>>,
  template: string,
  vmid: number,
): Record<string, string> {
  const name = template.split('/').at(-1) ?? '';
  const ostype = /^(debian|devuan|ubuntu|centos|fedora|opensuse|archlinux|alpine|gentoo|nixos)/.exec(
    name,
  )?.[1];
  return {
    hostname: config['hostname'] ?? `CT${vmid}`,
    memory: config['memory'] ?? '512',
    swap: config['swap'] ?? '512',
    arch: config['arch'] ?? /_(amd64|arm64|i386)\./.exec(name)?.[1] ?? 'amd64',
    ostype: config['ostype'] ?? ostype ?? 'unmanaged',
  };
}

/** What `pct create` prints while it unpacks a template (lxc-usernsexec tar, then the SSH host keys). */
function logTemplateExtraction(volid: string, sizeBytes: number, hostname: string, task: TaskContext): void {
  const unpacked = Math.round(sizeBytes * 4.2);
  const mib = Math.round(unpacked / 1024 ** 2);
  task.log(`extracting archive '${fileVolumePath(volid)}'`);
  task.log(`Total bytes read: ${unpacked} (${mib}MiB, ${Math.max(1, Math.round(mib / 2))}MiB/s)`);
  task.log(`Detected container architecture: ${/_(amd64|arm64|i386)\./.exec(volid)?.[1] ?? 'amd64'}`);
  for (const key of ['ecdsa', 'ed25519', 'rsa']) {
    task.log(`Creating SSH host key 'ssh_host_${key}_key' - this may take some time ...`);
    task.log(`done: SHA256:${randomBytes(32).toString('base64').replace(/=+$/, '')} root@${hostname}`);
  }
}

export const guestCreateRoutes: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/qemu',
    parameters: {
      node: NODE_PARAMETER,
      vmid: VMID_PARAMETER,
      ...QEMU_CONFIG_PARAMETERS,
      archive: { type: 'string', optional: true, maxLength: 255 },
      storage: STORAGE,
      force: { ...FLAG, requires: 'archive' },
      unique: { ...FLAG, requires: 'archive' },
      pool: POOL,
      bwlimit: { type: 'integer', optional: true, minimum: 0 },
      start: FLAG,
    },
    proxyToNode: true,
    // VM.Allocate (or VM.Backup to restore over a VM) is checked by the handler.
    permissions: { user: 'all' },
    handle: (call, context) => createQemu(call, context),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/lxc',
    parameters: {
      node: NODE_PARAMETER,
      vmid: VMID_PARAMETER,
      ...LXC_CONFIG_PARAMETERS,
      ostemplate: { type: 'string', maxLength: 255 },
      password: { type: 'string', optional: true },
      'ssh-public-keys': { type: 'string', optional: true },
      storage: STORAGE,
      pool: POOL,
      start: FLAG,
      restore: FLAG,
      force: FLAG,
      unique: { ...FLAG, requires: 'restore' },
      bwlimit: { type: 'number', optional: true, minimum: 0 },
      'ignore-unpack-errors': FLAG,
    },
    proxyToNode: true,
    permissions: { user: 'all' },
    handle: (call, context) => createLxc(call, context),
  },
];
