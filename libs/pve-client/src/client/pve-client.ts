import { Agent } from 'undici';
import { type PveAuth, type RequestCredentials, TokenCredentials } from '../auth/pve-auth';
import { TicketSession } from '../auth/ticket-session';
import { PveApiError } from '../errors/pve-api-error';
import { assertOneOf, assertPathParams } from '../http/api-path';
import { CircuitBreaker, type CircuitState } from '../http/circuit-breaker';
import { ConcurrencyLimiter } from '../http/concurrency-limiter';
import { type ApiCall, PveHttp } from '../http/pve-http';
import { type WaitForTaskOptions, waitForTask } from '../tasks/wait-for-task';
import type { PveClusterResource, PveClusterResourceFilter } from '../types/pve-cluster-resource';
import type { PveClusterStatusEntry } from '../types/pve-cluster-status';
import type { PveGuestListEntry, PveGuestStatus, PveGuestType } from '../types/pve-guest';
import type { PveNetworkInterface, PveNetworkTypeFilter } from '../types/pve-network';
import type { PveNodeEntry } from '../types/pve-node';
import type { PvePermissions, PvePermissionsQuery } from '../types/pve-permissions';
import type { PvePool, PvePoolEntry } from '../types/pve-pool';
import type {
  PveNodeStorage,
  PveStorageConfig,
  PveStorageContentOptions,
  PveStorageContentType,
  PveStorageListOptions,
  PveStorageStatus,
  PveStorageVolume,
} from '../types/pve-storage';
import type { PveTaskStatus } from '../types/pve-task';
import type { PveVersion } from '../types/pve-version';
import { tryParseUpid } from '../upid/parse-upid';
import type { ApiCaller } from '../operations/api-caller';
import {
  addFirewallRule,
  addHaResource,
  clusterLog,
  firewallOptions,
  firewallRules,
  haResources,
  haStatus,
  nodeStatus,
  removeFirewallRule,
  removeHaResource,
  rrdData,
  syslog,
} from '../operations/cluster-services';
import { agentExec, agentExecStatus, agentNetworkInterfaces } from '../operations/guest-agent';
import { backupGuests, restoreGuest } from '../operations/guest-backups';
import { guestConfig, guestPending, updateGuestConfig } from '../operations/guest-config';
import {
  cloneGuest,
  convertToTemplate,
  createGuest,
  deleteGuest,
  migrateGuest,
  moveDisk,
  resizeDisk,
} from '../operations/guest-lifecycle';
import {
  createSnapshot,
  deleteSnapshot,
  listSnapshots,
  rollbackSnapshot,
} from '../operations/guest-snapshots';
import { deleteVolume, downloadUrl, urlMetadata, volumeInfo } from '../operations/storage-volumes';
import { listTasks, stopTask, taskLog } from '../operations/tasks';
import type {
  PveClusterLogEntry,
  PveDownloadParams,
  PveExecStatus,
  PveFirewallOptions,
  PveFirewallRule,
  PveFirewallScope,
  PveHaResource,
  PveHaResourceParams,
  PveHaStatusEntry,
  PveMoveDiskParams,
  PveNewFirewallRule,
  PveNodeStatus,
  PvePendingEntry,
  PveRrdPoint,
  PveRrdSource,
  PveRrdTimeframe,
  PveSyslog,
  PveSyslogOptions,
  PveUrlMetadata,
  PveVolumeInfo,
} from '../types/pve-cluster-services';
import type {
  PveConfigUpdateOptions,
  PveGuestConfig,
  PveGuestConfigOptions,
  PveGuestConfigQuery,
  PveLxcCreateParams,
  PveQemuCreateParams,
  PveRawCreateParams,
} from '../types/pve-guest-config';
import type {
  PveAgentNetworkInterface,
  PveBackupParams,
  PveCloneParams,
  PveCreateSnapshotParams,
  PveDeleteGuestOptions,
  PveMigrateParams,
  PveResizeSize,
  PveRestoreParams,
  PveSnapshot,
} from '../types/pve-guest-operations';
import type {
  PveTaskListEntry,
  PveTaskListFilters,
  PveTaskLogLine,
  PveTaskLogOptions,
} from '../types/pve-task-list';
import type { PveClientOptions } from './pve-client-options';

/** `suspend` pauses a VM (qmpause); `resume` continues it. Containers have start, stop, shutdown and reboot. */
export type PvePowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'suspend' | 'resume';

const GUEST_TYPES: readonly PveGuestType[] = ['qemu', 'lxc'];
const POWER_ACTIONS: readonly PvePowerAction[] = ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'];
const RESOURCE_FILTERS: readonly PveClusterResourceFilter[] = ['vm', 'storage', 'node', 'sdn'];
const TASK_STATUS = '/nodes/{node}/tasks/{upid}/status';
const CONTENT_TYPES: readonly PveStorageContentType[] = [
  'images',
  'rootdir',
  'vztmpl',
  'iso',
  'backup',
  'snippets',
  'import',
];
const NETWORK_FILTERS: readonly PveNetworkTypeFilter[] = [
  'bridge',
  'bond',
  'eth',
  'alias',
  'vlan',
  'fabric',
  'OVSBridge',
  'OVSBond',
  'OVSPort',
  'OVSIntPort',
  'vnet',
  'any_bridge',
  'any_local_bridge',
  'include_sdn',
];

// A PVE API call that has not answered in 15 s is stuck: reads answer in milliseconds and
// worker calls return their UPID at once.
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRIES = 2;
// Enough to keep a node's pveproxy workers busy without queueing behind them (pveproxy
// runs three workers by default), and small enough that a sync of 10,000 guest
// configs does not look like an attack.
const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;
// pve-access-control's token id (user@realm!tokenname) and user id (user@realm).
const TOKEN_ID = /^[^\s:/!@]+@[A-Za-z][A-Za-z0-9._-]*![A-Za-z][A-Za-z0-9._-]+$/;
const USER_ID = /^[^\s:/!@]+@[A-Za-z][A-Za-z0-9._-]+$/;

/**
 * A typed client for the Proxmox VE REST API (`/api2/json`) of one target,
 * authenticated with an API token or a ticket. One client has one circuit breaker and
 * one concurrency cap: every call, task polling included, goes through both.
 */
export class PveClient {
  readonly #http: PveHttp;
  readonly #agent: Agent;
  readonly #auth: PveAuth;
  readonly #credentials: RequestCredentials;
  readonly #breaker: CircuitBreaker | undefined;
  readonly #limiter: ConcurrencyLimiter;
  /** The checked #call, handed to the operations in ../operations. */
  readonly #caller: ApiCaller = (call) => this.#call(call);

  constructor(options: PveClientOptions) {
    const baseUrl = new URL(options.baseUrl);
    if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:') {
      throw new TypeError(`PveClient: baseUrl must be http(s), got ${baseUrl.protocol}`);
    }
    this.#auth = checkedAuth(options);
    this.#agent = new Agent({
      connect: {
        rejectUnauthorized: options.insecureTls !== true,
        ...(options.caPem !== undefined && { ca: options.caPem }),
      },
    });
    this.#limiter = new ConcurrencyLimiter(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENT_REQUESTS);
    if (options.circuitBreaker !== false) {
      this.#breaker = new CircuitBreaker(options.circuitBreaker ?? {}, options.onCircuitChange);
    }
    const auth = this.#auth;
    this.#credentials =
      auth.kind === 'token'
        ? new TokenCredentials(auth.tokenId, auth.secret)
        : new TicketSession({
            username: auth.username,
            password: auth.password,
            ...(options.ticketLifetimeMs !== undefined && { lifetimeMs: options.ticketLifetimeMs }),
            request: (body, signal) =>
              this.#http.call({
                method: 'POST',
                template: '/access/ticket',
                body,
                anonymous: true,
                ...(signal && { signal }),
              }),
          });
    this.#http = new PveHttp({
      baseUrl,
      credentials: this.#credentials,
      dispatcher: this.#agent,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: options.retries ?? DEFAULT_RETRIES,
      limiter: this.#limiter,
      ...(this.#breaker && { breaker: this.#breaker }),
      ...(options.onRequest && { onRequest: options.onRequest }),
    });
  }

  /** The circuit breaker's state; always 'closed' when it is turned off. */
  get circuitState(): CircuitState {
    return this.#breaker?.state ?? 'closed';
  }

  /** Requests on the wire now. */
  get inFlight(): number {
    return this.#limiter.active;
  }

  /** Calls waiting for a free slot under the concurrency cap. */
  get queued(): number {
    return this.#limiter.queued;
  }

  /**
   * Ticket auth: logs in now (otherwise the first call does) and resolves with the
   * user; token auth needs no login and resolves with the token id.
   */
  async login(signal?: AbortSignal): Promise<string> {
    if (this.#credentials instanceof TicketSession) return this.#credentials.login(signal);
    return this.#auth.kind === 'token' ? this.#auth.tokenId : '';
  }

  /**
   * One API call through authentication, the circuit breaker, the concurrency cap,
   * timeouts and retries; resolves with PVE's `data`. For calls this client has no
   * typed method for; path values are checked like everywhere else.
   */
  request(call: ApiCall): Promise<unknown> {
    return this.#call(call);
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

  /** GET /cluster/status: the cluster (name, quorum) and each member node (online, local, ip). */
  async clusterStatus(): Promise<PveClusterStatusEntry[]> {
    return (await this.#call({ method: 'GET', template: '/cluster/status' })) as PveClusterStatusEntry[];
  }

  /**
   * GET /cluster/nextid: the lowest free vmid; with `vmid`, that vmid if it is free
   * (BAD_REQUEST "VM <vmid> already exists" otherwise). Free only at the time of the
   * check: a create with it can still lose a race.
   */
  async nextVmid(vmid?: number): Promise<number> {
    const template = '/cluster/nextid';
    if (vmid !== undefined) assertPathParams(`GET ${template}`, '{vmid}', { vmid });
    // PVE sends the id as a JSON string.
    const data = await this.#call({
      method: 'GET',
      template,
      ...(vmid !== undefined && { query: { vmid } }),
    });
    const next = Number(data);
    if (!Number.isInteger(next)) {
      throw new PveApiError({ code: 'SERVER_ERROR', status: 200, message: `GET ${template}: not a vmid` });
    }
    return next;
  }

  /** GET /storage: the cluster's storage configuration (those the caller may audit or use). */
  storages(): Promise<PveStorageConfig[]>;
  /** GET /nodes/{node}/storage: the storages a node has, with their usage. */
  storages(node: string, options?: PveStorageListOptions): Promise<PveNodeStorage[]>;
  async storages(
    node?: string,
    options: PveStorageListOptions = {},
  ): Promise<PveStorageConfig[] | PveNodeStorage[]> {
    if (node === undefined) {
      return (await this.#call({ method: 'GET', template: '/storage' })) as PveStorageConfig[];
    }
    const template = '/nodes/{node}/storage';
    const content = options.content === undefined ? undefined : [options.content].flat();
    for (const type of content ?? []) assertOneOf(`GET ${template}`, 'content', type, CONTENT_TYPES);
    const query = {
      ...(content !== undefined && { content: content.join(',') }),
      ...(options.enabled !== undefined && { enabled: options.enabled }),
    };
    return (await this.#call({ method: 'GET', template, params: { node }, query })) as PveNodeStorage[];
  }

  /** GET /nodes/{node}/storage/{storage}/status: one storage's usage on a node. */
  async storageStatus(node: string, storage: string): Promise<PveStorageStatus> {
    const template = '/nodes/{node}/storage/{storage}/status';
    return (await this.#call({ method: 'GET', template, params: { node, storage } })) as PveStorageStatus;
  }

  /** GET /nodes/{node}/storage/{storage}/content: ISO images, templates, backups, guest disks. */
  async storageContent(
    node: string,
    storage: string,
    options: PveStorageContentOptions = {},
  ): Promise<PveStorageVolume[]> {
    const template = '/nodes/{node}/storage/{storage}/content';
    if (options.content !== undefined)
      assertOneOf(`GET ${template}`, 'content', options.content, CONTENT_TYPES);
    if (options.vmid !== undefined) assertPathParams(`GET ${template}`, '{vmid}', { vmid: options.vmid });
    const query = {
      ...(options.content !== undefined && { content: options.content }),
      ...(options.vmid !== undefined && { vmid: options.vmid }),
    };
    return (await this.#call({
      method: 'GET',
      template,
      params: { node, storage },
      query,
    })) as PveStorageVolume[];
  }

  /** GET /nodes/{node}/network: the node's interfaces (bridges only where the caller may use them). */
  async networks(node: string, type?: PveNetworkTypeFilter): Promise<PveNetworkInterface[]> {
    const template = '/nodes/{node}/network';
    if (type !== undefined) assertOneOf(`GET ${template}`, 'type', type, NETWORK_FILTERS);
    return (await this.#call({
      method: 'GET',
      template,
      params: { node },
      ...(type !== undefined && { query: { type } }),
    })) as PveNetworkInterface[];
  }

  /** GET /pools: the pools the caller may audit. */
  async pools(): Promise<PvePoolEntry[]> {
    return (await this.#call({ method: 'GET', template: '/pools' })) as PvePoolEntry[];
  }

  /** GET /pools/{poolid}: a pool with its member guests and storages. */
  async pool(poolid: string): Promise<PvePool> {
    return (await this.#call({ method: 'GET', template: '/pools/{poolid}', params: { poolid } })) as PvePool;
  }

  /**
   * GET /access/permissions: the caller's effective privileges by ACL path (or those
   * of `userid`, which needs Sys.Audit on /access unless it is the caller's own token).
   */
  async permissions(query: PvePermissionsQuery = {}): Promise<PvePermissions> {
    return (await this.#call({
      method: 'GET',
      template: '/access/permissions',
      query: {
        ...(query.path !== undefined && { path: query.path }),
        ...(query.userid !== undefined && { userid: query.userid }),
      },
    })) as PvePermissions;
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

  // Guest lifecycle, snapshots, backups, the guest agent and task history: each method
  // hands the checked call to its operation in ../operations. Worker calls resolve with
  // the task's UPID (see waitForTask) and are never retried.

  /** POST /nodes/{node}/{qemu|lxc}: a new guest; it exists, locked `create`, while the task runs. */
  createGuest(node: string, type: 'qemu', params: PveQemuCreateParams): Promise<string>;
  createGuest(node: string, type: 'lxc', params: PveLxcCreateParams): Promise<string>;
  createGuest(
    node: string,
    type: PveGuestType,
    params: PveQemuCreateParams | PveLxcCreateParams | PveRawCreateParams,
  ): Promise<string>;
  createGuest(
    node: string,
    type: PveGuestType,
    params: PveQemuCreateParams | PveLxcCreateParams | PveRawCreateParams,
  ): Promise<string> {
    return createGuest(this.#caller, node, type, params);
  }

  /** POST …/clone: a full copy, or a linked clone of a template. */
  cloneGuest(node: string, type: PveGuestType, vmid: number, params: PveCloneParams): Promise<string> {
    return cloneGuest(this.#caller, node, type, vmid, params);
  }

  /** GET …/config: the config and its digest. */
  guestConfig(
    node: string,
    type: PveGuestType,
    vmid: number,
    query?: PveGuestConfigQuery,
  ): Promise<PveGuestConfig> {
    return guestConfig(this.#caller, node, type, vmid, query);
  }

  /** Changes a config: a VM's in a `qmconfig` task (UPID), a container's (or `sync`) at once (null). */
  updateGuestConfig(
    node: string,
    type: PveGuestType,
    vmid: number,
    changes: PveGuestConfigOptions,
    options?: PveConfigUpdateOptions,
  ): Promise<string | null> {
    return updateGuestConfig(this.#caller, node, type, vmid, changes, options);
  }

  /** PUT …/resize: grows a disk in a `resize` task. */
  resizeDisk(
    node: string,
    type: PveGuestType,
    vmid: number,
    disk: string,
    size: PveResizeSize,
    options?: { digest?: string },
  ): Promise<string> {
    return resizeDisk(this.#caller, node, type, vmid, disk, size, options);
  }

  /** POST …/template: a VM's UPID, or null for a container. */
  convertToTemplate(
    node: string,
    type: PveGuestType,
    vmid: number,
    options?: { disk?: string },
  ): Promise<string | null> {
    return convertToTemplate(this.#caller, node, type, vmid, options);
  }

  /** POST …/migrate: the guest belongs to `target` once the task ends OK. */
  migrateGuest(node: string, type: PveGuestType, vmid: number, params: PveMigrateParams): Promise<string> {
    return migrateGuest(this.#caller, node, type, vmid, params);
  }

  /** DELETE /nodes/{node}/{type}/{vmid}: the guest and its disks. */
  deleteGuest(
    node: string,
    type: PveGuestType,
    vmid: number,
    options?: PveDeleteGuestOptions,
  ): Promise<string> {
    return deleteGuest(this.#caller, node, type, vmid, options);
  }

  listSnapshots(node: string, type: PveGuestType, vmid: number): Promise<PveSnapshot[]> {
    return listSnapshots(this.#caller, node, type, vmid);
  }

  /** POST …/snapshot: `{ snapname, description?, vmstate? }`. */
  createSnapshot(
    node: string,
    type: PveGuestType,
    vmid: number,
    params: PveCreateSnapshotParams,
  ): Promise<string> {
    return createSnapshot(this.#caller, node, type, vmid, params);
  }

  rollbackSnapshot(
    node: string,
    type: PveGuestType,
    vmid: number,
    snapname: string,
    options?: { start?: boolean },
  ): Promise<string> {
    return rollbackSnapshot(this.#caller, node, type, vmid, snapname, options);
  }

  deleteSnapshot(
    node: string,
    type: PveGuestType,
    vmid: number,
    snapname: string,
    options?: { force?: boolean },
  ): Promise<string> {
    return deleteSnapshot(this.#caller, node, type, vmid, snapname, options);
  }

  /** POST /nodes/{node}/vzdump: a UPID, or null when none of the guests lives on the node. */
  backupGuests(node: string, params: PveBackupParams): Promise<string | null> {
    return backupGuests(this.#caller, node, params);
  }

  /** Restores a vzdump `archive` as guest `vmid` (over an existing one only with `force`). */
  restoreGuest(node: string, type: PveGuestType, params: PveRestoreParams): Promise<string> {
    return restoreGuest(this.#caller, node, type, params);
  }

  /** The VM's interfaces as its QEMU guest agent reports them. */
  agentNetworkInterfaces(node: string, vmid: number): Promise<PveAgentNetworkInterface[]> {
    return agentNetworkInterfaces(this.#caller, node, vmid);
  }

  /** GET /nodes/{node}/tasks. */
  listTasks(node: string, filters?: PveTaskListFilters): Promise<PveTaskListEntry[]> {
    return listTasks(this.#caller, node, filters);
  }

  /** GET /nodes/{node}/tasks/{upid}/log. */
  taskLog(node: string, upid: string, options?: PveTaskLogOptions): Promise<PveTaskLogLine[]> {
    return taskLog(this.#caller, node, upid, options);
  }

  /** POST …/move_disk or …/move_volume: a disk copied to another storage in a task. */
  moveDisk(node: string, type: PveGuestType, vmid: number, params: PveMoveDiskParams): Promise<string> {
    return moveDisk(this.#caller, node, type, vmid, params);
  }

  /** GET …/pending: the config with the changes that wait for a restart. */
  guestPending(node: string, type: PveGuestType, vmid: number): Promise<PvePendingEntry[]> {
    return guestPending(this.#caller, node, type, vmid);
  }

  /** Starts a command (no shell) in the VM through its guest agent; resolves with the guest PID. */
  agentExec(node: string, vmid: number, command: readonly string[], inputData?: string): Promise<number> {
    return agentExec(this.#caller, node, vmid, command, inputData);
  }

  /** A command's state, and once it has exited its exit code and output. */
  agentExecStatus(node: string, vmid: number, pid: number): Promise<PveExecStatus> {
    return agentExecStatus(this.#caller, node, vmid, pid);
  }

  /** DELETE /nodes/{node}/tasks/{upid}: stops a running task. */
  stopTask(node: string, upid: string): Promise<void> {
    return stopTask(this.#caller, node, upid);
  }

  /** GET /nodes/{node}/status. */
  nodeStatus(node: string): Promise<PveNodeStatus> {
    return nodeStatus(this.#caller, node);
  }

  /** A node's or a guest's RRD series. */
  rrdData(source: PveRrdSource, timeframe: PveRrdTimeframe, cf?: 'AVERAGE' | 'MAX'): Promise<PveRrdPoint[]> {
    return rrdData(this.#caller, source, timeframe, cf);
  }

  haResources(): Promise<PveHaResource[]> {
    return haResources(this.#caller);
  }

  haStatus(): Promise<PveHaStatusEntry[]> {
    return haStatus(this.#caller);
  }

  addHaResource(params: PveHaResourceParams): Promise<void> {
    return addHaResource(this.#caller, params);
  }

  removeHaResource(sid: string): Promise<void> {
    return removeHaResource(this.#caller, sid);
  }

  firewallOptions(scope: PveFirewallScope): Promise<PveFirewallOptions> {
    return firewallOptions(this.#caller, scope);
  }

  firewallRules(scope: PveFirewallScope): Promise<PveFirewallRule[]> {
    return firewallRules(this.#caller, scope);
  }

  addFirewallRule(scope: PveFirewallScope, rule: PveNewFirewallRule): Promise<void> {
    return addFirewallRule(this.#caller, scope, rule);
  }

  removeFirewallRule(scope: PveFirewallScope, pos: number, digest?: string): Promise<void> {
    return removeFirewallRule(this.#caller, scope, pos, digest);
  }

  /** GET /cluster/log, newest first. */
  clusterLog(max?: number): Promise<PveClusterLogEntry[]> {
    return clusterLog(this.#caller, max);
  }

  /** GET /nodes/{node}/syslog with the number of matching lines. */
  syslog(node: string, options?: PveSyslogOptions): Promise<PveSyslog> {
    return syslog(this.#caller, node, options);
  }

  volumeInfo(node: string, volid: string): Promise<PveVolumeInfo> {
    return volumeInfo(this.#caller, node, volid);
  }

  /** Deletes a volume (a backup, an image) in an `imgdel` task. */
  deleteVolume(node: string, volid: string): Promise<string> {
    return deleteVolume(this.#caller, node, volid);
  }

  urlMetadata(node: string, url: string): Promise<PveUrlMetadata> {
    return urlMetadata(this.#caller, node, url);
  }

  /** The node downloads a URL into a storage in a `download` task. */
  downloadUrl(node: string, storage: string, params: PveDownloadParams): Promise<string> {
    return downloadUrl(this.#caller, node, storage, params);
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

/** The auth options, checked: a token id PVE would accept and a secret that cannot break out of a header. */
function checkedAuth(options: PveClientOptions): PveAuth {
  const legacy = options.tokenId !== undefined || options.tokenSecret !== undefined;
  if (options.auth && legacy) {
    throw new TypeError('PveClient: give either auth or tokenId/tokenSecret, not both');
  }
  const auth: PveAuth | undefined =
    options.auth ??
    (legacy
      ? { kind: 'token', tokenId: options.tokenId ?? '', secret: options.tokenSecret ?? '' }
      : undefined);
  if (!auth) throw new TypeError('PveClient: auth (token or ticket) is required');
  if (auth.kind === 'token') {
    if (!TOKEN_ID.test(auth.tokenId)) {
      throw new TypeError(
        `PveClient: tokenId must look like user@realm!tokenname, got ${JSON.stringify(auth.tokenId)}`,
      );
    }
    if (auth.secret === '' || hasControlCharacter(auth.secret)) {
      throw new TypeError('PveClient: tokenSecret must be non-empty printable text');
    }
    return auth;
  }
  if (!USER_ID.test(auth.username)) {
    throw new TypeError(
      `PveClient: username must look like user@realm, got ${JSON.stringify(auth.username)}`,
    );
  }
  // The password travels in a form body, never a header; it only has to be there.
  if (auth.password === '') throw new TypeError('PveClient: password must not be empty');
  return auth;
}

/** A control character (CR, LF, …) would let the secret break out of the Authorization header. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}
