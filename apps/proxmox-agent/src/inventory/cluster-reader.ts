import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { GuestType, NodeSummary } from '@proxmox-mpc/contracts';
import {
  ConcurrencyLimiter,
  PveApiError,
  tryParseUpid,
  type PveClusterLogEntry,
  type PveClusterResource,
  type PveGuestStatus,
} from '@proxmox-mpc/pve-client';
import { isGuestResource, normalizeConfig, type GuestConfigRead, type GuestResource } from './guest-resource';

/** What the inventory reads from a cluster; `PveClient` provides it. */
export interface InventoryApi {
  clusterResources(): Promise<PveClusterResource[]>;
  clusterLog(max: number): Promise<PveClusterLogEntry[]>;
  guestConfig(node: string, type: GuestType, vmid: number): Promise<object>;
  guestStatus(node: string, type: GuestType, vmid: number): Promise<PveGuestStatus>;
}

/** Where a guest is, when the caller knows (an operation that just ran on it). */
export interface GuestLocation {
  node: string;
  type: GuestType;
}

/**
 * One guest's /cluster/resources entry, rebuilt from its own status: reading the whole
 * cluster to refresh one guest costs seconds on ten thousand guests. Undefined when
 * the guest no longer exists there.
 */
export async function readGuestResource(
  api: InventoryApi,
  vmid: number,
  location: GuestLocation,
  pool: string | undefined,
): Promise<GuestResource | undefined> {
  let status: PveGuestStatus;
  try {
    status = await api.guestStatus(location.node, location.type, vmid);
  } catch (error) {
    if (error instanceof PveApiError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  return {
    id: `${location.type}/${vmid}`,
    type: location.type,
    vmid,
    node: location.node,
    status: status.status,
    ...(status.name === undefined ? {} : { name: status.name }),
    ...(status.template === undefined ? {} : { template: status.template }),
    ...(status.cpus === undefined ? {} : { maxcpu: status.cpus }),
    ...(status.maxmem === undefined ? {} : { maxmem: status.maxmem }),
    ...(status.maxdisk === undefined ? {} : { maxdisk: status.maxdisk }),
    ...(status.uptime === undefined ? {} : { uptime: status.uptime }),
    ...(status.tags === undefined ? {} : { tags: status.tags }),
    ...(status.lock === undefined ? {} : { lock: status.lock }),
    ...(pool === undefined ? {} : { pool }),
  };
}

export type NodeObservation = Omit<NodeSummary, 'guests'>;

/** One reading of /cluster/resources: every guest and node, and when it was taken. */
export interface ClusterView {
  /** Taken before the request went out: the data is at least this fresh. */
  observedAt: Date;
  /** Ordered by vmid. */
  guests: GuestResource[];
  nodes: NodeObservation[];
}

/**
 * `/cluster/resources` as read now, in one request (PVE builds guests and nodes from the
 * same status data); `observedAt` is the time before the request went out.
 */
export async function readClusterView(api: InventoryApi, observedAt: Date): Promise<ClusterView> {
  const resources = await api.clusterResources();
  // A vmid is unique cluster-wide; one listed twice would make a batch write one row twice.
  const guests = new Map(resources.filter(isGuestResource).map((guest) => [guest.vmid, guest]));
  return {
    observedAt,
    guests: [...guests.values()].sort((a, b) => a.vmid - b.vmid),
    nodes: resources
      .filter((entry) => entry.type === 'node' && entry.node !== undefined)
      .map(nodeObservation),
  };
}

// More than a busy cluster logs between two passes, and fewer than pmxcfs's 128 KiB log
// holds (about 800 entries of a typical length).
const CLUSTER_LOG_ENTRIES = 500;
// Task lines name their guest in the UPID; qemu-server logs "update VM <vmid>: …" for every
// config change (with or without a task), and "snapshot VM …", "update CT … resize …" alike.
const UPID_IN_MESSAGE = /UPID:\S+/;
const GUEST_IN_MESSAGE = /\b(?:VM|CT) (\d+)\b/;

/**
 * The guests the cluster log names from `since` on, or undefined when the log does not
 * reach back that far (more entries since then than one read returns).
 */
export async function guestsLoggedSince(api: InventoryApi, since: Date): Promise<Set<number> | undefined> {
  const entries = await api.clusterLog(CLUSTER_LOG_ENTRIES);
  const from = Math.floor(since.getTime() / 1000);
  const recent = entries.filter((entry) => entry.time >= from);
  if (entries.length >= CLUSTER_LOG_ENTRIES && recent.length === entries.length) return undefined;
  const guests = new Set<number>();
  for (const { msg } of recent) {
    const upid = tryParseUpid(UPID_IN_MESSAGE.exec(msg)?.[0]);
    const vmid = Number(upid ? upid.id : GUEST_IN_MESSAGE.exec(msg)?.[1]);
    if (Number.isInteger(vmid) && vmid > 0) guests.add(vmid);
  }
  return guests;
}

function nodeObservation(resource: PveClusterResource): NodeObservation {
  const status = resource.status;
  return {
    node: resource.node as string,
    status: status === 'online' || status === 'offline' ? status : 'unknown',
    cpus: resource.maxcpu ?? 0,
    cpuUsage: resource.cpu ?? 0,
    memoryBytes: Math.round(resource.maxmem ?? 0),
    memoryUsedBytes: Math.round(resource.mem ?? 0),
    uptimeSeconds: Math.round(resource.uptime ?? 0),
  };
}

export type ConfigOutcome =
  | { kind: 'read'; read: GuestConfigRead }
  /** The guest's node did not answer (PVE's proxy said 595/596, or an earlier read did). */
  | { kind: 'node-unreachable' }
  /** This guest's config could not be read (gone meanwhile, refused); the rest of the pass goes on. */
  | { kind: 'failed'; error: PveApiError };

// pve-http-server answers 595/596 when it cannot reach the node that owns the guest.
const NODE_PROXY_FAILURES: ReadonlySet<number> = new Set([595, 596]);

/**
 * How a failed config read affects the pass. A refusal about one guest is that guest's
 * problem; an API that cannot be reached, or refuses the token, fails the whole pass
 * (it is retried on the next interval) instead of marking every guest unknown.
 */
function failureScope(error: unknown): 'node' | 'guest' | 'pass' {
  if (!(error instanceof PveApiError)) return 'pass';
  if (error.code === 'UNREACHABLE' && error.status !== undefined && NODE_PROXY_FAILURES.has(error.status)) {
    return 'node';
  }
  switch (error.code) {
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'CONFLICT':
    case 'BAD_REQUEST':
    case 'SERVER_ERROR':
      return 'guest';
    default:
      return 'pass';
  }
}

/**
 * Reads guest configs, `parallelism` at a time. A node found unreachable is remembered
 * in `unreachableNodes`, and its other guests are not asked for again.
 */
export class ConfigReader {
  private readonly gate: ConcurrencyLimiter;
  /** A failure that ends the pass: reads not started yet are not made. */
  private passFailure: { error: unknown } | undefined;

  constructor(
    private readonly api: InventoryApi,
    private readonly unreachableNodes: Set<string>,
    /** Reads in flight at most, across every batch being read. */
    parallelism: number,
    /** Called as each config read ends, however it ended (progress). */
    private readonly onRead: () => void = () => undefined,
  ) {
    this.gate = new ConcurrencyLimiter(parallelism);
  }

  /**
   * The configs of `guests`. Batches read at the same time share the reader's
   * parallelism, the earlier batch first: the next batch's reads fill the slots the
   * last reads of this one leave.
   */
  async read(guests: readonly GuestResource[]): Promise<Map<number, ConfigOutcome>> {
    // No span per read: a full pass would make ten thousand one-span traces. The pass
    // reports its reads in its synced event, and failures in its log.
    const outcomes = await context.with(suppressTracing(context.active()), () =>
      Promise.all(guests.map((guest) => this.gate.run(() => this.readOne(guest)))),
    );
    return new Map(guests.map((guest, index) => [guest.vmid, outcomes[index] as ConfigOutcome]));
  }

  private async readOne(guest: GuestResource): Promise<ConfigOutcome> {
    if (this.passFailure) throw this.passFailure.error;
    try {
      if (this.unreachableNodes.has(guest.node)) return { kind: 'node-unreachable' };
      const raw = await this.api.guestConfig(guest.node, guest.type, guest.vmid);
      return { kind: 'read', read: normalizeConfig(raw as Record<string, unknown>) };
    } catch (error) {
      switch (failureScope(error)) {
        case 'node':
          this.unreachableNodes.add(guest.node);
          return { kind: 'node-unreachable' };
        case 'guest':
          return { kind: 'failed', error: error as PveApiError };
        case 'pass':
          this.passFailure ??= { error };
          throw error;
      }
    } finally {
      this.onRead();
    }
  }
}
