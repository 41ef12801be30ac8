import type { PvePendingEntry } from '../types/pve-cluster-services';
import type { PveGuestType } from '../types/pve-guest';
import type {
  PveGuestConfig,
  PveGuestConfigOptions,
  PveGuestConfigQuery,
  PveConfigUpdateOptions,
} from '../types/pve-guest-config';
import { type ApiCaller, assertGuestType, defined, refuse, upidOrNull, wireParams } from './api-caller';

/** GET …/config: the guest's config and its `digest`. */
export async function guestConfig(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  query: PveGuestConfigQuery = {},
): Promise<PveGuestConfig> {
  const template = `/nodes/{node}/${type}/{vmid}/config`;
  assertGuestType(`GET ${template}`, type);
  return (await call({
    method: 'GET',
    template,
    params: { node, vmid },
    query: defined({ current: query.current, snapshot: query.snapshot }),
  })) as PveGuestConfig;
}

/**
 * Changes a guest's config. VMs go through POST (a `qmconfig` task: resolves with its
 * UPID) unless `sync` asks for PUT; containers only have PUT. Synchronous updates
 * resolve with null once PVE has applied them.
 *
 * Pass the `digest` from guestConfig() to make the update fail (CONFLICT) if the
 * config changed in between; PVE checks it before and again inside the task.
 */
export async function updateGuestConfig(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
  changes: PveGuestConfigOptions,
  options: PveConfigUpdateOptions = {},
): Promise<string | null> {
  const template = `/nodes/{node}/${type}/{vmid}/config`;
  assertGuestType(`PUT ${template}`, type);
  const method = type === 'qemu' && !options.sync ? 'POST' : 'PUT';
  const label = `${method} ${template}`;
  if (type === 'lxc' && options.skiplock !== undefined) refuse(label, 'skiplock', 'not a container option');
  const body = defined({
    ...wireParams(changes),
    digest: options.digest,
    delete: options.delete?.length ? options.delete.join(',') : undefined,
    revert: options.revert?.length ? options.revert.join(',') : undefined,
    skiplock: options.skiplock,
  });
  if (Object.keys(body).every((key) => key === 'digest' || key === 'skiplock')) {
    refuse(label, 'changes', 'no options specified');
  }
  return upidOrNull(label, await call({ method, template, params: { node, vmid }, body }));
}

/** GET …/pending: every config key with its current value, and the changes that wait for a restart. */
export async function guestPending(
  call: ApiCaller,
  node: string,
  type: PveGuestType,
  vmid: number,
): Promise<PvePendingEntry[]> {
  const template = `/nodes/{node}/${type}/{vmid}/pending`;
  assertGuestType(`GET ${template}`, type);
  return (await call({ method: 'GET', template, params: { node, vmid } })) as PvePendingEntry[];
}
