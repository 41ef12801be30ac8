import { setImmediate as nextTurn } from 'node:timers/promises';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import type { HclJson } from '../checks/hcl-parse';
import { hclJsonOf } from '../hcl/hcl-json';
import { CONTAINER_RESOURCE, guestResource, VM_RESOURCE } from '../terraform/guest-resource';

/** A guest resource as parsed HCL, keyed the way Terraform addresses it. */
export interface GuestResourceBody {
  address: string;
  type: typeof VM_RESOURCE | typeof CONTAINER_RESOURCE;
  vmid: number | undefined;
  node: string | undefined;
  body: Record<string, unknown>;
}

export interface AttributeChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ResourceChange {
  action: 'create' | 'update' | 'delete';
  address: string;
  type: GuestResourceBody['type'];
  vmid: number | undefined;
  node: string | undefined;
  /** For updates: what differs, attribute by attribute (`disk[0].size`). */
  changes: AttributeChange[];
}

const GUEST_TYPES = new Set<string>([VM_RESOURCE, CONTAINER_RESOURCE]);
// Terraform meta-arguments, not guest settings.
const META = new Set(['lifecycle', 'count', 'for_each', 'provider', 'depends_on']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The guest resources of parsed files. */
export function guestResourcesOf(files: Iterable<HclJson>): GuestResourceBody[] {
  const found: GuestResourceBody[] = [];
  for (const json of files) {
    const resources = isObject(json['resource']) ? json['resource'] : {};
    for (const [type, byName] of Object.entries(resources)) {
      if (!GUEST_TYPES.has(type) || !isObject(byName)) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        const body = (Array.isArray(bodies) ? bodies[0] : bodies) as Record<string, unknown>;
        const vmid = Number(body['vm_id']);
        found.push({
          address: `${type}.${name}`,
          type: type as GuestResourceBody['type'],
          vmid: Number.isInteger(vmid) ? vmid : undefined,
          node: typeof body['node_name'] === 'string' ? body['node_name'] : undefined,
          body,
        });
      }
    }
  }
  return found;
}

/** The live inventory in the same form: what the generator would write for it, as parsed. */
export async function liveGuestResources(guests: readonly InventoryGuest[]): Promise<GuestResourceBody[]> {
  const parsed: HclJson[] = [];
  for (const [index, guest] of guests.entries()) {
    parsed.push(hclJsonOf(guestResource(guest).nodes));
    // The caller's bus heartbeats while thousands of guests are converted.
    if (index % 1_000 === 999) await nextTurn();
  }
  return guestResourcesOf(parsed);
}

/** `{disk: [{size: 8}]}` → `disk[0].size = 8`; lists of scalars stay whole. */
function flatten(value: unknown, path: string, into: Map<string, unknown>): void {
  if (Array.isArray(value) && value.some(isObject)) {
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, into));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path, value);
  }
}

/** Paths the resource tells Terraform to ignore (`lifecycle { ignore_changes = [...] }`). */
function ignoredPaths(body: Record<string, unknown>): string[] {
  const lifecycle = Array.isArray(body['lifecycle']) ? body['lifecycle'][0] : body['lifecycle'];
  const ignore = isObject(lifecycle) ? lifecycle['ignore_changes'] : undefined;
  return Array.isArray(ignore) ? ignore.map((item) => String(item).replace(/^\$\{|\}$/g, '')) : [];
}

export function attributeChanges(
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
): AttributeChange[] {
  // Most guests are as their files describe them: equal bodies have nothing to compare.
  if (JSON.stringify(desired) === JSON.stringify(live)) return [];
  const strip = (body: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(body).filter(([key]) => !META.has(key)));
  const wanted = new Map<string, unknown>();
  const actual = new Map<string, unknown>();
  flatten(strip(desired), '', wanted);
  flatten(strip(live), '', actual);
  const ignored = ignoredPaths(desired);
  const changes: AttributeChange[] = [];
  for (const path of [...new Set([...wanted.keys(), ...actual.keys()])].sort()) {
    if (ignored.some((prefix) => path === prefix || path.startsWith(`${prefix}.`))) continue;
    const before = actual.get(path);
    const after = wanted.get(path);
    // Variables hold what the files may not (keys, passwords): their values are not known here.
    if (typeof after === 'string' && after.startsWith('${')) continue;
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ path, before, after });
  }
  return changes;
}

/**
 * What applying the workspace would do to the cluster, as `terraform plan` would see it
 * for these resources: guests matched by type and VMID (a renamed resource is the same
 * guest), creates for resources with no guest, deletes for guests with no resource.
 */
export function diffGuestResources(
  desired: readonly GuestResourceBody[],
  live: readonly GuestResourceBody[],
): ResourceChange[] {
  const key = (resource: GuestResourceBody) => `${resource.type}:${resource.vmid}`;
  const liveByKey = new Map(live.map((resource) => [key(resource), resource]));
  const desiredKeys = new Set<string>();
  const changes: ResourceChange[] = [];
  for (const resource of desired) {
    const current = resource.vmid === undefined ? undefined : liveByKey.get(key(resource));
    desiredKeys.add(key(resource));
    const base = { address: resource.address, type: resource.type, vmid: resource.vmid, node: resource.node };
    if (!current) {
      changes.push({ action: 'create', ...base, changes: [] });
      continue;
    }
    const differences = attributeChanges(resource.body, current.body);
    if (differences.length) changes.push({ action: 'update', ...base, changes: differences });
  }
  for (const resource of live) {
    if (!desiredKeys.has(key(resource))) {
      changes.push({
        action: 'delete',
        address: resource.address,
        type: resource.type,
        vmid: resource.vmid,
        node: resource.node,
        changes: [],
      });
    }
  }
  return changes.sort((a, b) => (a.vmid ?? 0) - (b.vmid ?? 0) || a.address.localeCompare(b.address));
}
