import { Agent } from 'undici';
import { PveApiError } from '../errors/pve-api-error';
import { assertOneOf, assertPathParams } from '../http/api-path';
import { type ApiCall, PveHttp } from '../http/pve-http';
import { type WaitForTaskOptions, waitForTask } from '../tasks/wait-for-task';
import type { PveClusterResource, PveClusterResourceFilter } from '../types/pve-cluster-resource';
import type { PveGuestListEntry, PveGuestStatus, PveGuestType } from '../types/pve-guest';
import type { PveNodeEntry } from '../types/pve-node';
import type { PveTaskStatus } from '../types/pve-task';
import type { PveVersion } from '../types/pve-version';
import { tryParseUpid } from '../upid/parse-upid';
import type { PveClientOptions } from './pve-client-options';

export type PvePowerAction = 'start' | 'stop' | 'shutdown';

const GUEST_TYPES: readonly PveGuestType[] = ['qemu', 'lxc'];
const POWER_ACTIONS: readonly PvePowerAction[] = ['start', 'stop', 'shutdown'];
const RESOURCE_FILTERS: readonly PveClusterResourceFilter[] = ['vm', 'storage', 'node', 'sdn'];
const TASK_STATUS = '/nodes/{node}/tasks/{upid}/status';

// A PVE API call that has not answered in 15 s is stuck: reads answer in milliseconds and
// worker calls return their UPID at once.
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRIES = 2;
// pve-access-control's token id: user@realm!tokenname.
const TOKEN_ID = /^[^\s:/!@]+@[A-Za-z][A-Za-z0-9._-]*![A-Za-z][A-Za-z0-9._-]+$/;

/** A typed client for the Proxmox VE REST API (`/api2/json`), authenticated with an API token. */
export class PveClient {
  readonly #http: PveHttp;
  readonly #agent: Agent;

  constructor(options: PveClientOptions) {
    const baseUrl = new URL(options.baseUrl);
    if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:') {
      throw new TypeError(`PveClient: baseUrl must be http(s), got ${baseUrl.protocol}`);
    }
    if (!TOKEN_ID.test(options.tokenId)) {
      throw new TypeError(
        `PveClient: tokenId must look like user@realm!tokenname, got ${JSON.stringify(options.tokenId)}`,
      );
    }
    if (options.tokenSecret === '' || hasControlCharacter(options.tokenSecret)) {
      throw new TypeError('PveClient: tokenSecret must be non-empty printable text');
    }
    this.#agent = new Agent({
      connect: {
        rejectUnauthorized: options.insecureTls !== true,
        ...(options.caPem !== undefined && { ca: options.caPem }),
      },
    });
    this.#http = new PveHttp({
      baseUrl,
      authorization: `PVEAPIToken=${options.tokenId}=${options.tokenSecret}`,
      dispatcher: this.#agent,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: options.retries ?? DEFAULT_RETRIES,
      ...(options.onRequest && { onRequest: options.onRequest }),
    });
  }

  async version(): Promise<PveVersion> {
    return (await this.#call({ method: 'GET', template: '/version' })) as PveVersion;
  }

  async nodes(): Promise<PveNodeEntry[]> {
    return (await this.#call({ method: 'GET', template: '/nodes' })) as PveNodeEntry[];
  }

  async clusterResources(type?: PveClusterResourceFilter): Promise<PveClusterResource[]> {
    const template = '/cluster/resources';
    if (type !== undefined) assertOneOf(`GET ${template}`, 'type', type, RESOURCE_FILTERS);
    const data = await this.#call({
      method: 'GET',
      template,
      ...(type !== undefined && { query: { type } }),
    });
    return data as PveClusterResource[];
  }

  async listGuests(node: string, type: PveGuestType): Promise<PveGuestListEntry[]> {
    assertOneOf('GET /nodes/{node}/{type}', 'type', type, GUEST_TYPES);
    return (await this.#call({
      method: 'GET',
      template: `/nodes/{node}/${type}`,
      params: { node },
    })) as PveGuestListEntry[];
  }

  async guestStatus(node: string, type: PveGuestType, vmid: number): Promise<PveGuestStatus> {
    assertOneOf('GET /nodes/{node}/{type}/{vmid}/status/current', 'type', type, GUEST_TYPES);
    const template = `/nodes/{node}/${type}/{vmid}/status/current`;
    return (await this.#call({ method: 'GET', template, params: { node, vmid } })) as PveGuestStatus;
  }

  /** Asks PVE to start, stop or shut a guest down; resolves with the task's UPID (see waitForTask). */
  async powerGuest(node: string, type: PveGuestType, vmid: number, action: PvePowerAction): Promise<string> {
    const label = 'POST /nodes/{node}/{type}/{vmid}/status/{action}';
    assertOneOf(label, 'type', type, GUEST_TYPES);
    assertOneOf(label, 'action', action, POWER_ACTIONS);
    const template = `/nodes/{node}/${type}/{vmid}/status/${action}`;
    const upid = await this.#call({ method: 'POST', template, params: { node, vmid } });
    return asUpid(`POST ${template}`, upid);
  }

  async taskStatus(node: string, upid: string): Promise<PveTaskStatus> {
    return this.#taskStatus(node, upid);
  }

  /**
   * Polls the task until PVE reports it stopped and resolves with that status; a
   * failed task (exitstatus other than 'OK') resolves too, for the caller to judge.
   * Rejects with PveApiError TIMEOUT once `timeoutMs` has passed.
   */
  async waitForTask(node: string, upid: string, options: WaitForTaskOptions = {}): Promise<PveTaskStatus> {
    return waitForTask((signal) => this.#taskStatus(node, upid, signal), `GET ${TASK_STATUS}`, options);
  }

  /** Closes the client's connections. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #taskStatus(node: string, upid: string, signal?: AbortSignal): Promise<PveTaskStatus> {
    const params = { node, upid };
    return (await this.#call({
      method: 'GET',
      template: TASK_STATUS,
      params,
      ...(signal && { signal }),
    })) as PveTaskStatus;
  }

  /** Every call passes here: no value reaches a URL before it has been checked. */
  #call(call: ApiCall): Promise<unknown> {
    assertPathParams(`${call.method} ${call.template}`, call.template, call.params ?? {});
    return this.#http.call(call);
  }
}

function asUpid(label: string, data: unknown): string {
  if (typeof data === 'string' && tryParseUpid(data)) return data;
  throw new PveApiError({
    code: 'SERVER_ERROR',
    status: 200,
    message: `${label}: PVE did not return a task UPID`,
  });
}

/** A control character (CR, LF, …) would let the secret break out of the Authorization header. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}
