import type { PveGuestType } from '../types/pve-guest';
import type { PveLxcCreateParams, PveQemuCreateParams, PveRawCreateParams } from '../types/pve-guest-config';
import type { PveMoveDiskParams } from '../types/pve-cluster-services';
import type {
  PveCloneParams,
  PveDeleteGuestOptions,
  PveMigrateParams,
  PveResizeSize,
} from '../types/pve-guest-operations';
import {
  type ApiCaller,
  assertGuestType,
  assertVmid,
  defined,
  expectUpid,
  refuse,
  upidOrNull,
  wireParams,
} from './api-caller';
import { resizeSize } from './disk-sizes';

// Creating, copying, converting, moving and destroying guests. Every call starts a
// worker on the node and resolves with its UPID (wait with PveClient.waitForTask);
// checks PVE makes before forking reject with PveApiError. Parameters go to PVE as
// given, under PVE's names: what PVE checks, PVE reports.

/** POST /nodes/{node}/qemu or /nodes/{node}/lxc: a new guest, locked `create` until the task ends. */
export async function createGuest(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  params: PveQemuCreateParams | PveLxcCreateParams | PveRawCreateParams,
): Promise<string> {
  const label = `POST /nodes/{node}/${type}`;
  assertGuestType(label, type);
  const body = wireParams(params);
  assertVmid(label, 'vmid', Number(body['vmid']));
  if (type === 'lxc' && !body['ostemplate']) {
    refuse(label, 'ostemplate', 'property is missing and it is not optional');
  }
  const data = await call({ method: 'POST', template: `/nodes/{node}/${type}`, params: { node }, body });
  return expectUpid(label, data);
}

/** POST …/clone: a full copy, or a linked clone of a template. */
export async function cloneGuest(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  params: PveCloneParams,
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}/clone`;
  const label = `POST ${template}`;
  assertGuestType(label, type);
  assertVmid(label, 'newid', params.newid);
  if (type === 'lxc' && params.format !== undefined)
    refuse(label, 'format', 'containers have no disk format');
  if (type === 'qemu' && params.hostname !== undefined) refuse(label, 'hostname', 'a VM clone takes `name`');
  const { name, hostname, ...rest } = params;
  // A container's name is its hostname.
  const body = wireParams({ ...rest, ...(type === 'qemu' ? { name } : { hostname: hostname ?? name }) });
  return expectUpid(label, await call({ method: 'POST', template, params: { node, vmid }, body }));
}

/** PUT …/resize: grows a disk (`+10G`, or `{ growBy: bytes }`) or sets its size (`40G`); PVE refuses to shrink. */
export async function resizeDisk(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  disk: string,
  size: PveResizeSize,
  options: { digest?: string } = {},
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}/resize`;
  assertGuestType(`PUT ${template}`, type);
  const body = defined({ disk, size: resizeSize(size), digest: options.digest });
  return expectUpid(`PUT ${template}`, await call({ method: 'PUT', template, params: { node, vmid }, body }));
}

/**
 * POST …/template: turns a stopped guest into a template. A VM answers with the
 * task's UPID; a container with null (PVE starts its task without telling which).
 */
export async function convertToTemplate(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  options: { disk?: string } = {},
): Promise<string | null> {
  const template = `/nodes/{node}/${type}/{vmid}/template`;
  const label = `POST ${template}`;
  assertGuestType(label, type);
  if (type === 'lxc' && options.disk !== undefined)
    refuse(label, 'disk', 'containers convert all disks at once');
  const data = await call({
    method: 'POST',
    template,
    params: { node, vmid },
    body: defined({ disk: options.disk }),
  });
  return type === 'lxc' ? upidOrNull(label, data) : expectUpid(label, data);
}

/** POST …/migrate: the guest belongs to `target` once the task ends OK. */
export async function migrateGuest(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  params: PveMigrateParams,
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}/migrate`;
  const label = `POST ${template}`;
  assertGuestType(label, type);
  const qemuOnly = ['with-local-disks', 'force'] as const;
  const lxcOnly = ['restart', 'timeout'] as const;
  for (const option of type === 'qemu' ? lxcOnly : qemuOnly) {
    if (params[option] !== undefined) refuse(label, option, `not a ${type} migration option`);
  }
  const body = wireParams(params);
  return expectUpid(label, await call({ method: 'POST', template, params: { node, vmid }, body }));
}

/** DELETE /nodes/{node}/{type}/{vmid}: destroys the guest and its disks (not its backups). */
export async function deleteGuest(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  options: PveDeleteGuestOptions = {},
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}`;
  const label = `DELETE ${template}`;
  assertGuestType(label, type);
  if (type === 'qemu' && options.force !== undefined)
    refuse(label, 'force', 'VMs have no force; stop the VM first');
  if (type === 'lxc' && options.skiplock !== undefined) refuse(label, 'skiplock', 'not a container option');
  const query = wireParams(options);
  return expectUpid(label, await call({ method: 'DELETE', template, params: { node, vmid }, query }));
}

/**
 * POST …/move_disk (VM) or …/move_volume (container): copies a disk to another storage
 * in a task; the source stays as `unusedN` unless `delete`.
 */
export async function moveDisk(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  params: PveMoveDiskParams,
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}/${type === 'qemu' ? 'move_disk' : 'move_volume'}`;
  const label = `POST ${template}`;
  assertGuestType(label, type);
  const { disk, ...rest } = params;
  const body = wireParams({ ...rest, [type === 'qemu' ? 'disk' : 'volume']: disk });
  return expectUpid(label, await call({ method: 'POST', template, params: { node, vmid }, body }));
}
