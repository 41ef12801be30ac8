import { randomUUID } from 'node:crypto';
import { permissionDenied } from '../../auth/permission-denied';
import type { PermissionEvaluator } from '../../auth/permission-evaluator';
import { PveHttpError } from '../../http/pve-http-error';
import type { ClusterNode } from '../../state/cluster-node';
import { type Guest, type GuestConfig, type GuestType, guestKind } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { applyConfigChanges } from './guest-config-update';
import { isVolumeKey } from './guest-config-keys';
import { assertUnlocked, assertUnprotected } from './guest-locks';
import { normalizeNet } from './guest-network';
import { startVm } from './guest-power';
import {
  assertDiskStorages,
  assertDriveVolumes,
  configDisks,
  parseVolumeId,
  referencedVolids,
} from './guest-volumes';

// Shared steps of creating and restoring guests, from qemu-server's create_vm and
// pve-container's create_vm: the checks before the worker is forked, the config that
// exists (locked `create`) while the worker runs, and what the worker leaves behind.

/** Parameters of the create call that are not config options. */
export const CREATE_CONTROL_PARAMETERS = new Set([
  'node',
  'vmid',
  'archive',
  'ostemplate',
  'restore',
  'storage',
  'force',
  'unique',
  'pool',
  'bwlimit',
  'start',
  'password',
  'ssh-public-keys',
  'ignore-unpack-errors',
]);

export function configParameters(params: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !CREATE_CONTROL_PARAMETERS.has(key)));
}

export interface CreateCall {
  readonly state: SimulatorState;
  readonly node: ClusterNode;
  readonly type: GuestType;
  readonly vmid: number;
  readonly params: Readonly<Record<string, string>>;
  readonly access: PermissionEvaluator;
  readonly restore: boolean;
}

/**
 * The checks both create handlers make before anything exists: the pool, storage
 * and start permissions, then VM.Allocate on the guest or its pool, or — to restore
 * over an existing guest with `force` — VM.Backup on it.
 */
export function assertCreatePermissions(call: CreateCall): void {
  const { params, access, state } = call;
  const pool = params['pool'];
  if (pool !== undefined && !state.pool(pool)) throw permissionDenied(`pool '${pool}' does not exist`);
  const storage = params['storage'];
  if (storage !== undefined && call.type === 'qemu') {
    access.check(`/storage/${storage}`, ['Datastore.AllocateSpace']);
  }
  if (params['start'] === '1') access.check(`/vms/${call.vmid}`, ['VM.PowerMgmt']);
  const allowed =
    access.check(`/vms/${call.vmid}`, ['VM.Allocate'], { noerr: true }) ||
    (pool !== undefined && access.check(`/pool/${pool}`, ['VM.Allocate'], { noerr: true })) ||
    (call.restore &&
      params['force'] === '1' &&
      state.guestOn(call.node.name, call.type, call.vmid) !== undefined &&
      access.check(`/vms/${call.vmid}`, ['VM.Backup'], { noerr: true }));
  if (!allowed) throw permissionDenied();
}

/** What PVE's error messages prefix a create or restore failure with. */
export function createErrorPrefix(type: GuestType, vmid: number, restore: boolean): string {
  return `unable to ${restore ? 'restore' : 'create'} ${guestKind(type)} ${vmid} -`;
}

/**
 * AbstractConfig::create_and_lock_config: the guest exists from now on with the lock
 * `create`; `force` (restores only) may take over an existing guest of the same type
 * on this node, unless it is locked.
 */
export function createAndLockConfig(call: CreateCall, allowExisting: boolean): Guest {
  const { state, vmid, type } = call;
  const prefix = createErrorPrefix(type, vmid, call.restore);
  const existing = state.guest(vmid);
  if (existing) {
    if (!allowExisting || existing.type !== type || existing.node !== call.node.name) {
      throw PveHttpError.failed(
        `${prefix} ${guestKind(existing.type)} ${vmid} already exists on node '${existing.node}'`,
      );
    }
    try {
      assertUnlocked(existing);
    } catch (error: unknown) {
      throw PveHttpError.failed(`${prefix} ${(error as Error).message}`);
    }
    existing.config['lock'] = 'create';
    return existing;
  }
  const guest: Guest = { vmid, type, node: call.node.name, config: { lock: 'create' }, status: 'stopped' };
  state.addGuest(guest);
  return guest;
}

/** The disk storages and network options of a new config, checked before the worker starts. */
export function prepareConfigOptions(call: CreateCall, options: Record<string, string>): void {
  const defaultStorage = call.params['storage'];
  if (call.type === 'qemu') assertDriveVolumes(call.state, options);
  assertDiskStorages(
    {
      state: call.state,
      node: call.node.name,
      type: call.type,
      vmid: call.vmid,
      reserved: new Set(),
      ...(defaultStorage !== undefined && { defaultStorage }),
    },
    options,
  );
  // qemu-server's add_random_macs: the MACs are part of the request from here on.
  for (const key of Object.keys(options)) {
    if (/^net\d+$/.test(key)) options[key] = normalizeNet(call.type, key, options[key] ?? '');
  }
}

/** Writes the options into the (locked) guest's config, allocating its disks, as the worker does. */
export function writeNewConfig(
  call: CreateCall,
  guest: Guest,
  options: Readonly<Record<string, string>>,
  context: TaskContext,
): void {
  const defaultStorage = call.params['storage'];
  guest.config = { lock: 'create' };
  applyConfigChanges(
    {
      state: call.state,
      guest,
      log: (line) => context.log(line),
      reserved: new Set(),
      ...(defaultStorage !== undefined && { defaultStorage }),
    },
    { set: options, delete: [], revert: [] },
  );
}

/** What qemu-server adds to every new VM: creation metadata, a SMBIOS UUID, a VM generation id, a boot order. */
export function completeQemuConfig(config: GuestConfig, nowMs: number): void {
  config['meta'] ??= `creation-qemu=10.1.2,ctime=${Math.floor(nowMs / 1000)}`;
  config['smbios1'] ??= `uuid=${randomUUID()}`;
  if (config['vmgenid'] === undefined || config['vmgenid'] === '1') config['vmgenid'] = randomUUID();
  if (config['boot'] === undefined) {
    const disks = configDisks('qemu', config).filter((disk) => !disk.key.startsWith('unused'));
    const devices = [
      disks.find((disk) => !disk.cdrom)?.key,
      disks.find((disk) => disk.cdrom)?.key,
      Object.keys(config)
        .filter((key) => /^net\d+$/.test(key))
        .sort()[0],
    ].filter((device): device is string => device !== undefined);
    if (devices.length > 0) config['boot'] = `order=${devices.join(';')}`;
  }
}

/** The restore's `start` / create's `start`: qemu-server prints "Execute autostart" and starts the VM. */
export function autostart(guest: Guest, context: TaskContext, agentDelayMs: number): void {
  context.log('Execute autostart');
  if (guest.type === 'qemu') {
    startVm(guest, context, agentDelayMs);
    return;
  }
  guest.status = 'running';
  guest.startedAt = Date.now();
  guest.pid = context.task.pid + 1;
}

/** The guest's volumes that a restore over it removes, with lvremove's lines. */
export function destroyGuestVolumes(guest: Guest, context: TaskContext): void {
  for (const volid of referencedVolids(guest)) {
    const parsed = parseVolumeId(volid);
    if (!parsed || parsed.volname.includes('cloudinit')) continue;
    context.log(`  Logical volume "${parsed.volname.split('/').at(-1)}" successfully removed.`);
  }
}

/** Restoring over an existing guest: protection and running state are checked in the worker. */
export function assertRestorable(guest: Guest, prefix: string): void {
  assertUnprotected(guest, prefix);
  if (guest.status === 'running') {
    throw new Error(guest.type === 'qemu' ? `${prefix} vm is running` : "can't overwrite running container");
  }
}

/** Drops the disks and bookkeeping of a config that a restore or clone must not copy. */
export function withoutVolumes(type: GuestType, config: GuestConfig): GuestConfig {
  const copy: GuestConfig = {};
  for (const [key, value] of Object.entries(config)) {
    if (['lock', 'parent', 'snaptime', 'snapstate', 'vmstate', 'digest'].includes(key)) continue;
    if (isVolumeKey(type, key)) continue;
    copy[key] = value;
  }
  return copy;
}
