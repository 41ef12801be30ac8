import type { PveGuestType } from '../types/pve-guest';
import type { PveCreateSnapshotParams, PveSnapshot } from '../types/pve-guest-operations';
import {
  type ApiCaller,
  assertGuestType,
  assertSnapshotName,
  defined,
  expectUpid,
  refuse,
} from './api-caller';

/** GET …/snapshot: every snapshot, then `current` (whose `parent` is the latest snapshot). */
export async function listSnapshots(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
): Promise<PveSnapshot[]> {
  const template = `/nodes/{node}/${type}/{vmid}/snapshot`;
  assertGuestType(`GET ${template}`, type);
  return (await call({ method: 'GET', template, params: { node, vmid } })) as PveSnapshot[];
}

/** POST …/snapshot: the guest holds the lock `snapshot` while the task runs. */
export async function createSnapshot(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  params: PveCreateSnapshotParams,
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}/snapshot`;
  const label = `POST ${template}`;
  assertGuestType(label, type);
  assertSnapshotName(label, params.snapname);
  if (type === 'lxc' && params.vmstate !== undefined)
    refuse(label, 'vmstate', 'containers have no RAM state');
  const body = defined({
    snapname: params.snapname,
    description: params.description,
    vmstate: params.vmstate,
  });
  return expectUpid(label, await call({ method: 'POST', template, params: { node, vmid }, body }));
}

/**
 * POST …/snapshot/{snapname}/rollback: the config (and disks) return to the snapshot;
 * a running guest is stopped first, and started again with `start` (or when the
 * snapshot holds RAM).
 */
export async function rollbackSnapshot(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  snapname: string,
  options: { start?: boolean } = {},
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}/snapshot/{snapname}/rollback`;
  assertGuestType(`POST ${template}`, type);
  const body = defined({ start: options.start });
  return expectUpid(
    `POST ${template}`,
    await call({ method: 'POST', template, params: { node, vmid, snapname }, body }),
  );
}

/** DELETE …/snapshot/{snapname}: its children take its parent. */
export async function deleteSnapshot(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  snapname: string,
  options: { force?: boolean } = {},
): Promise<string> {
  const template = `/nodes/{node}/${type}/{vmid}/snapshot/{snapname}`;
  assertGuestType(`DELETE ${template}`, type);
  const query = defined({ force: options.force });
  return expectUpid(
    `DELETE ${template}`,
    await call({ method: 'DELETE', template, params: { node, vmid, snapname }, query }),
  );
}
