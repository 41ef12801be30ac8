import { PveApiError } from '../errors/pve-api-error';
import { assertOneOf } from '../http/api-path';
import type { ApiCall, ApiParamValue } from '../http/pve-http';
import type { PveGuestType } from '../types/pve-guest';
import { tryParseUpid } from '../upid/parse-upid';

/**
 * The client's one way to PVE: PveClient's checked call (path values validated and
 * URL-encoded, then authentication, circuit breaker, concurrency cap, timeouts, and
 * retries for GETs only). Every operation receives it instead of making requests itself.
 */
export type ApiCaller = (call: ApiCall) => Promise<unknown>;

export type ApiParams = Record<string, ApiParamValue | undefined>;

const GUEST_TYPES: readonly PveGuestType[] = ['qemu', 'lxc'];
// pve-common's pve-configid (snapshot names), with the pve-snapshot-name length limit.
const SNAPSHOT_NAME = /^[a-z][a-z0-9_-]+$/i;
const MAX_SNAPSHOT_NAME = 40;

export function assertGuestType(label: string, type: PveGuestType): void {
  assertOneOf(label, 'type', type, GUEST_TYPES);
}

/** Refuses a value PVE would refuse, naming the parameter as a 400 from PVE does. */
export function refuse(label: string, name: string, problem: string): never {
  throw new PveApiError({
    code: 'BAD_REQUEST',
    message: `${label}: ${name}: ${problem}`,
    errors: { [name]: problem },
  });
}

export function assertVmid(label: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 100 || value > 999_999_999) {
    refuse(label, name, 'value does not look like a valid VM ID (an integer 100..999999999)');
  }
}

export function assertSnapshotName(label: string, snapname: string): void {
  if (!SNAPSHOT_NAME.test(snapname) || snapname.length > MAX_SNAPSHOT_NAME) {
    refuse(
      label,
      'snapname',
      'value does not look like a snapshot name (a letter, then letters, digits, _ or -; up to 40)',
    );
  }
}

/** The UPID of the task a worker call started. */
export function expectUpid(label: string, data: unknown): string {
  if (typeof data === 'string' && tryParseUpid(data)) return data;
  throw new PveApiError({
    code: 'SERVER_ERROR',
    status: 200,
    message: `${label}: PVE did not return a task UPID`,
  });
}

/** A UPID, or null where PVE answers null (a synchronous update, a container template). */
export function upidOrNull(label: string, data: unknown): string | null {
  return data === null || data === undefined ? null : expectUpid(label, data);
}

/** Leaves out undefined values, so they stay off the wire. */
export function defined(values: Readonly<Record<string, ApiParamValue | undefined>>): ApiParams {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** Parameters as they go on the wire: undefined values left out, everything else as given. */
export function wireParams(params: object): ApiParams {
  return defined({ ...(params as Record<string, ApiParamValue | undefined>) });
}
