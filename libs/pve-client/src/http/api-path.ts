import { PveApiError } from '../errors/pve-api-error';
import { tryParseUpid } from '../upid/parse-upid';

// pve-common's pve-node and pve-vmid formats: what PVE itself accepts, so anything
// else is refused here before it can reach a URL.
const NODE_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const MIN_VMID = 100;
const MAX_VMID = 999_999_999;
// pve-common's parse_id (pve-storage-id) and pve-access-control's verify_poolname
// (one level only: the per-pool path does not take nested pools).
const STORAGE_ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;
const POOL_ID = /^[A-Za-z0-9.\-_]+$/;
// pve-common's pve-configid, the format of snapshot names.
const SNAPSHOT_NAME = /^[a-z][a-z0-9_-]+$/i;
// pve-storage's volume ids (`<storage>:<volname>`, no whitespace) and pve-ha-manager's
// pve-ha-resource-or-vm-id.
const VOLUME_ID = /^[a-z][a-z0-9\-_.]*[a-z0-9]:\S+$/i;
const HA_RESOURCE_ID = /^(?:[a-z]+:\S+|\d+)$/;

/** Checked path values; the names match the `{…}` parameters of the API path templates. */
export interface PathParams {
  readonly node?: string;
  readonly vmid?: number;
  readonly upid?: string;
  readonly storage?: string;
  readonly poolid?: string;
  readonly snapname?: string;
  /** A volume id, `local:iso/debian.iso`: PVE takes the rest of the path as one value. */
  readonly volume?: string;
  /** An HA resource id, `vm:100`. */
  readonly sid?: string;
  /** A firewall rule's position. */
  readonly pos?: number;
}

/**
 * Refuses path values PVE would reject (a missing one, a malformed node name, vmid or
 * UPID), naming the parameter the way a 400 from PVE does, so callers handle both alike.
 */
export function assertPathParams(label: string, template: string, params: PathParams): void {
  const errors: Record<string, string> = {};
  for (const name of partsOf(template).names) {
    const value = (params as Readonly<Record<string, unknown>>)[name];
    const problem =
      value === undefined ? 'a value is required' : PATH_VALUE_CHECKS[name as keyof PathParams]?.(value);
    if (problem) errors[name] = problem;
  }
  if (Object.keys(errors).length > 0) {
    const detail = Object.entries(errors).map(([name, text]) => `${name}: ${text}`);
    throw new PveApiError({ code: 'BAD_REQUEST', message: `${label}: ${detail.join('; ')}`, errors });
  }
}

const PATH_VALUE_CHECKS: Readonly<Record<keyof PathParams, (value: unknown) => string | undefined>> = {
  node: (value) =>
    typeof value === 'string' && NODE_NAME.test(value)
      ? undefined
      : 'value does not look like a valid node name',
  vmid: (value) =>
    Number.isInteger(value) && (value as number) >= MIN_VMID && (value as number) <= MAX_VMID
      ? undefined
      : `value does not look like a valid VM ID (an integer ${MIN_VMID}..${MAX_VMID})`,
  upid: (value) => (tryParseUpid(value) ? undefined : 'value does not look like a Proxmox VE UPID'),
  storage: (value) =>
    typeof value === 'string' && STORAGE_ID.test(value) ? undefined : 'value does not look like a storage ID',
  poolid: (value) =>
    typeof value === 'string' && POOL_ID.test(value) ? undefined : 'value does not look like a pool name',
  volume: (value) =>
    typeof value === 'string' && VOLUME_ID.test(value) ? undefined : 'value does not look like a volume ID',
  sid: (value) =>
    typeof value === 'string' && HA_RESOURCE_ID.test(value)
      ? undefined
      : 'value does not look like a valid ha resource id',
  pos: (value) =>
    Number.isInteger(value) && (value as number) >= 0
      ? undefined
      : 'value does not look like a rule position',
  snapname: (value) =>
    typeof value === 'string' && SNAPSHOT_NAME.test(value) && value.length <= 40
      ? undefined
      : 'value does not look like a snapshot name',
};

/** Fills a template's `{name}` parameters with URL-encoded values; every parameter must have one. */
export function fillPath(template: string, params: PathParams): string {
  const { literals, names } = partsOf(template);
  let path = literals[0] ?? '';
  for (const [index, name] of names.entries()) {
    const value = (params as Readonly<Record<string, string | number | undefined>>)[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    path += `${encodeURIComponent(String(value))}${literals[index + 1] ?? ''}`;
  }
  return path;
}

/** A template cut at its `{name}` parameters: the text around them (one more than the names) and their names. */
interface TemplateParts {
  literals: string[];
  names: string[];
}

// Every request fills and checks its template; the API's templates are a fixed set of
// literals, so each is cut once.
const partsByTemplate = new Map<string, TemplateParts>();

function partsOf(template: string): TemplateParts {
  let parts = partsByTemplate.get(template);
  if (!parts) {
    const pieces = template.split(/\{(\w+)\}/);
    parts = {
      literals: pieces.filter((_, index) => index % 2 === 0),
      names: pieces.filter((_, index) => index % 2 === 1),
    };
    partsByTemplate.set(template, parts);
  }
  return parts;
}

/** Refuses a value outside a fixed set (guest type, power action, resource filter) before it shapes a path or query. */
export function assertOneOf<T extends string>(
  label: string,
  name: string,
  value: T,
  allowed: readonly T[],
): void {
  if (!allowed.includes(value)) {
    const text = `value '${String(value)}' is not one of ${allowed.join(', ')}`;
    throw new PveApiError({
      code: 'BAD_REQUEST',
      message: `${label}: ${name}: ${text}`,
      errors: { [name]: text },
    });
  }
}
