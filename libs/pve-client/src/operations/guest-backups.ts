import type { PveGuestType } from '../types/pve-guest';
import type { PveBackupParams, PveRestoreParams } from '../types/pve-guest-operations';
import {
  type ApiCaller,
  assertGuestType,
  assertVmid,
  defined,
  expectUpid,
  refuse,
  wireParams,
} from './api-caller';

/** `vmid` as a list: numbers, or PVE's list text ("100,101"). */
function vmidList(vmid: PveBackupParams['vmid']): number[] | undefined {
  if (vmid === undefined) return undefined;
  if (typeof vmid === 'string') {
    return vmid
      .split(/[,;\s]+/)
      .filter((id) => id !== '')
      .map(Number);
  }
  return [vmid].flat();
}

/**
 * POST /nodes/{node}/vzdump: backs the node's guests among `vmid` (or `all`, or a
 * pool's) up in one `vzdump` task. Resolves with its UPID, or null when none of the
 * guests lives on this node (PVE then answers "OK" and starts nothing).
 */
export async function backupGuests(
  call: ApiCaller,
  node: string,
  params: PveBackupParams,
): Promise<string | null> {
  const template = '/nodes/{node}/vzdump';
  const label = `POST ${template}`;
  const vmids = vmidList(params.vmid);
  for (const vmid of vmids ?? []) assertVmid(label, 'vmid', vmid);
  if (vmids?.length === 0) refuse(label, 'vmid', 'at least one vmid');
  const body = defined({
    ...params,
    vmid: vmids?.join(','),
    exclude: params.exclude?.join(','),
  });
  const data = await call({ method: 'POST', template, params: { node }, body });
  return data === 'OK' ? null : expectUpid(label, data);
}

/**
 * Restores a vzdump archive (e.g. `local:backup/vzdump-qemu-100-….vma.zst`) as guest
 * `vmid`: POST /nodes/{node}/qemu with `archive`, or /nodes/{node}/lxc with the
 * archive as `ostemplate` and `restore=1`. Over an existing guest only with `force`.
 */
export async function restoreGuest(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  params: PveRestoreParams,
): Promise<string> {
  const template = `/nodes/{node}/${type}`;
  const label = `POST ${template}`;
  assertGuestType(label, type);
  assertVmid(label, 'vmid', params.vmid);
  if (!params.archive) refuse(label, 'archive', 'property is missing and it is not optional');
  const { archive, ...rest } = params;
  const body = wireParams({
    ...rest,
    ...(type === 'qemu' ? { archive } : { ostemplate: archive, restore: 1 }),
  });
  return expectUpid(label, await call({ method: 'POST', template, params: { node }, body }));
}
