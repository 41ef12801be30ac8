import type { InventoryGuest, InventorySynced, InventorySyncProgress, Origin } from '@proxmox-mpc/contracts';
import type { Clock } from '@proxmox-mpc/service-runtime';
import type { Logger } from '@proxmox-mpc/telemetry';
import {
  ConfigReader,
  guestsLoggedSince,
  readClusterView,
  readGuestResource,
  type ClusterView,
  type ConfigOutcome,
  type GuestLocation,
  type InventoryApi,
} from './cluster-reader';
import { guestChanges, summaryChanges } from './guest-changes';
import { summaryOf, uptimeOf, withConfig, type GuestResource } from './guest-resource';
import type { GuestBatch, GuestChange, InventoryRecorder } from './inventory-recorder';
import type { InventorySettings } from './inventory-settings';
import type { StoredSummaries } from './stored-summaries';
import type { SyncMode } from './sync-state.entity';
import type { SyncStateStore } from './sync-state.store';
import {
  guestOf,
  inventoryGuestOf,
  uptimeAt,
  type GuestSummaryRow,
  type SyncedGuest,
} from './synced-guest.entity';
import type { GuestTouch, SyncedGuestStore } from './synced-guest.store';

export interface SyncPassContext {
  target: string;
  api: InventoryApi;
  guests: SyncedGuestStore;
  summaries: StoredSummaries;
  states: SyncStateStore;
  recorder: InventoryRecorder;
  clock: Clock;
  settings: InventorySettings;
  /** What the pass's events are attributed to. */
  origin: Origin;
  logger: Logger;
  /** Aborted when the service is shutting down: the pass stops between batches. */
  signal?: AbortSignal;
  /** How far the pass has come, at each twentieth of a phase (a pass someone waits for). */
  onProgress?: (progress: Pick<InventorySyncProgress, 'phase' | 'done' | 'total'>) => void;
}

// Batches whose configs are being read while one is written: the reads go on while
// PostgreSQL writes, and the next batch's reads fill the slots this one's last reads leave.
const READ_AHEAD_BATCHES = 2;
// Progress is told at every 5 % of a phase: a handful of events however large the cluster.
const PROGRESS_STEPS = 20;
// pvestatd refreshes the guest status /cluster/resources lists every 10 s: a running
// guest's uptime differing less than this from what is stored counted on is the same boot.
const UPTIME_SLACK_S = 15;
// The cluster log is stamped by each node's clock, and a config change is logged just
// before it is written: entries this much older than the previous pass still count.
const CLUSTER_LOG_SLACK_MS = 30_000;

/** The service is stopping; batches written so far stay (each is consistent on its own). */
export class SyncPassStopped extends Error {
  constructor(target: string) {
    super(`inventory sync of "${target}" stopped: the service is shutting down`);
    this.name = 'SyncPassStopped';
  }
}

/** What a write has to look at inside its transaction, decided from the summaries alone. */
type Candidate =
  | { kind: 'observed'; resource: GuestResource; outcome: ConfigOutcome | undefined; readAt: Date }
  | { kind: 'unknown'; resource: GuestResource | undefined; vmid: number }
  | { kind: 'gone'; vmid: number };

interface BatchReads {
  outcomes: Map<number, ConfigOutcome>;
  readAt: Date;
}

interface Counts {
  created: number;
  updated: number;
  deleted: number;
  configsRead: number;
}

/**
 * One pass over one target: read /cluster/resources, read the configs worth reading,
 * and record what differs from the stored inventory, batch by batch.
 *
 * A node that is offline (or whose guests' configs cannot be reached) keeps its guests,
 * marked `unknown`; a guest is deleted only when its node answered, or is no longer part
 * of the cluster, and the guest is no longer listed.
 */
export class SyncPass {
  private readonly unreachableNodes = new Set<string>();
  private reader: ConfigReader;
  private readonly counts: Counts = { created: 0, updated: 0, deleted: 0, configsRead: 0 };
  private readonly failedReads: Array<{ vmid: number; error: string }> = [];
  private readonly progress = { reading: { done: 0, total: 0 }, recording: { done: 0, total: 0 } };
  private lastStepTold = '';
  /** The pass being run, if this is one (not a refresh after an operation). */
  private mode: SyncMode | undefined;
  /** Listed guests not stored, or whose summary differs from the stored one (an incremental pass's). */
  private readonly changed = new Set<number>();
  /**
   * What is still to be written: a transaction takes `batchSize` of it, so a pass that
   * finds a handful of changes among ten thousand guests writes them at once.
   */
  private readonly pending: { candidates: Candidate[]; touches: GuestTouch[] } = {
    candidates: [],
    touches: [],
  };

  constructor(private readonly context: SyncPassContext) {
    this.reader = this.configReader(1);
  }

  async run(mode: SyncMode): Promise<InventorySynced> {
    const started = performance.now();
    this.mode = mode;
    const { summaries, target, settings } = this.context;
    // Independent reads, made together. The cluster log may be read a moment before the
    // view: what it misses of that moment, the next pass's log still holds (its slack).
    const [view, stored, logged] = await Promise.all([
      this.readView(),
      summaries.of(target),
      mode === 'incremental' ? this.guestsLoggedSincePreviousPass() : undefined,
    ]);
    const toRead = this.configsToRead(view, stored, logged);
    const answering = view.nodes.filter((node) => !this.unreachableNodes.has(node.node)).length;
    this.reader = this.configReader(Math.max(1, answering * settings.configReadsPerNode));
    this.progress.reading.total = toRead.size;
    this.progress.recording.total = view.guests.length;
    this.advance('reading', 0);
    // Batches are of the guests whose configs are read: an incremental pass's few hundred
    // reads then run at full parallelism, not a handful per batch of the whole list. The
    // next batches' configs are read while this one is written: Proxmox and PostgreSQL
    // work at the same time.
    const batches = chunk(
      view.guests.filter((guest) => toRead.has(guest.vmid)),
      settings.batchSize,
    );
    // Reads are started in batch order, at most READ_AHEAD_BATCHES not yet written.
    const reading: Array<Promise<BatchReads>> = [];
    let nextToRead = 0;
    const readAhead = () => {
      for (; nextToRead < batches.length && reading.length < READ_AHEAD_BATCHES; nextToRead += 1)
        reading.push(this.readConfigs(batches[nextToRead] as GuestResource[]));
    };
    try {
      for (const batch of batches) {
        readAhead();
        const reads = await (reading.shift() as Promise<BatchReads>);
        this.throwIfStopping();
        readAhead();
        this.collectListed(batch, stored, reads, view.observedAt);
        await this.write(view.observedAt, settings.batchSize);
        this.advance('recording', batch.length);
      }
    } catch (error) {
      // Reads still in flight have nobody left to report their failures to.
      for (const read of reading) read.catch(() => undefined);
      throw error;
    }
    const unread = view.guests.filter((guest) => !toRead.has(guest.vmid));
    this.collectListed(unread, stored, { outcomes: new Map(), readAt: view.observedAt }, view.observedAt);
    this.advance('recording', unread.length);
    const listed = new Set(view.guests.map((guest) => guest.vmid));
    this.collectMissing([...stored.values()].filter((guest) => !listed.has(guest.vmid)));
    await this.write(view.observedAt);
    this.reportFailedReads();
    return this.finish(mode, view, Math.round(performance.now() - started));
  }

  /** Re-reads one guest (after an operation on it) and records it like a pass would. */
  async refresh(vmid: number, location?: GuestLocation): Promise<InventoryGuest | undefined> {
    const { guests, target, clock } = this.context;
    const stored = await guests.summaries(target, [vmid]);
    const observedAt = clock.now();
    const resource = location
      ? await readGuestResource(this.context.api, vmid, location, stored.get(vmid)?.pool ?? undefined)
      : (await this.readView()).guests.find((guest) => guest.vmid === vmid);
    if (resource) {
      const reads = await this.readConfigs([resource]);
      this.collectListed([resource], stored, reads, observedAt);
    } else {
      this.collectMissing([...stored.values()]);
    }
    await this.write(observedAt);
    this.reportFailedReads();
    const row = await guests.find(target, vmid);
    return row && inventoryGuestOf(row);
  }

  private configReader(parallelism: number): ConfigReader {
    return new ConfigReader(this.context.api, this.unreachableNodes, parallelism, () =>
      this.advance('reading', 1),
    );
  }

  private async readView(): Promise<ClusterView> {
    const view = await readClusterView(this.context.api, this.context.clock.now());
    for (const node of view.nodes) if (node.status !== 'online') this.unreachableNodes.add(node.node);
    return view;
  }

  /**
   * Full: every config. Incremental, the configs that may have changed since the previous
   * pass began:
   * - of guests new to the inventory or whose /cluster/resources summary changed (name,
   *   node, status, sizes, tags, lock, pool, template);
   * - of guests the cluster log names since then: every task's start and end (start,
   *   migrate, snapshot, backup…), and qemu-server's "update VM <vmid>" for each config
   *   change, through the API or `qm set`, task or not;
   * - of every guest, when the log does not reach back that far (or no pass is recorded);
   * - and `configRefreshPerPass` of the least recently read others, for what no signal
   *   shows: pve-container logs no config update, and a config file may be edited by hand.
   */
  private configsToRead(
    view: ClusterView,
    stored: ReadonlyMap<number, GuestSummaryRow>,
    logged: Set<number> | undefined,
  ): Set<number> {
    const reachable = view.guests.filter((guest) => !this.unreachableNodes.has(guest.node));
    if (!logged) return new Set(reachable.map((guest) => guest.vmid));
    const wanted = new Set<number>();
    const unchanged: GuestSummaryRow[] = [];
    for (const resource of reachable) {
      const before = stored.get(resource.vmid);
      if (!before || summaryChanged(before, resource)) this.changed.add(resource.vmid);
      if (this.changed.has(resource.vmid) || logged.has(resource.vmid)) wanted.add(resource.vmid);
      else if (before) unchanged.push(before);
    }
    unchanged
      .sort((a, b) => (a.configReadAt?.getTime() ?? 0) - (b.configReadAt?.getTime() ?? 0))
      .slice(0, this.context.settings.configRefreshPerPass)
      .forEach((guest) => wanted.add(guest.vmid));
    return wanted;
  }

  private async guestsLoggedSincePreviousPass(): Promise<Set<number> | undefined> {
    const { api, states, target, logger } = this.context;
    const previous = await states.find(target);
    if (!previous) return undefined;
    const since = new Date(previous.lastSyncAt.getTime() - CLUSTER_LOG_SLACK_MS);
    const logged = await guestsLoggedSince(api, since);
    if (!logged) {
      logger.info(
        { target },
        'the cluster log does not reach back to the previous pass: reading every config',
      );
    }
    return logged;
  }

  private async readConfigs(batch: readonly GuestResource[]): Promise<BatchReads> {
    const outcomes = await this.reader.read(batch);
    return { outcomes, readAt: this.context.clock.now() };
  }

  /**
   * What to write of guests listed in /cluster/resources, with the configs read for them.
   * A guest whose summary and config are as stored is written only when it rebooted (its
   * uptime no longer follows on from the stored one).
   */
  private collectListed(
    batch: readonly GuestResource[],
    stored: ReadonlyMap<number, GuestSummaryRow>,
    { outcomes, readAt }: BatchReads,
    observedAt: Date,
  ): void {
    const { candidates, touches } = this.pending;
    for (const resource of batch) {
      const before = stored.get(resource.vmid);
      const outcome = outcomes.get(resource.vmid);
      if (outcome?.kind === 'read') this.counts.configsRead += 1;
      if (this.unreachableNodes.has(resource.node)) {
        if (before?.status !== 'unknown') candidates.push({ kind: 'unknown', resource, vmid: resource.vmid });
      } else if (outcome?.kind === 'failed') {
        // Left as stored: its summary still differs, or its config is still the least
        // recently read, so a later pass reads it again.
        this.failedReads.push({ vmid: resource.vmid, error: outcome.error.message });
      } else if (!before || outcome || this.changed.has(resource.vmid)) {
        candidates.push({ kind: 'observed', resource, outcome, readAt });
      } else if (rebooted(before, resource, observedAt)) {
        touches.push({
          vmid: resource.vmid,
          uptimeSeconds: uptimeOf(resource),
          configReadAt: null,
          digest: null,
        });
      }
    }
  }

  /** Stored guests no longer listed: deleted if their node answered, kept as `unknown` if not. */
  private collectMissing(missing: readonly GuestSummaryRow[]): void {
    for (const guest of missing) {
      if (!this.unreachableNodes.has(guest.node))
        this.pending.candidates.push({ kind: 'gone', vmid: guest.vmid });
      else if (guest.status !== 'unknown') {
        this.pending.candidates.push({ kind: 'unknown', resource: undefined, vmid: guest.vmid });
      }
    }
  }

  /** Writes what is pending, `batchSize` per transaction, until less than `atLeast` is left. */
  private async write(observedAt: Date, atLeast = 1): Promise<void> {
    const { batchSize } = this.context.settings;
    const { candidates, touches } = this.pending;
    while (candidates.length + touches.length >= atLeast) {
      this.throwIfStopping();
      const taken = candidates.splice(0, batchSize);
      await this.record(taken, touches.splice(0, batchSize - taken.length), observedAt);
    }
  }

  private async record(
    candidates: readonly Candidate[],
    touches: GuestTouch[],
    observedAt: Date,
  ): Promise<void> {
    const { recorder, target, origin } = this.context;
    const vmidOf = (candidate: Candidate) =>
      candidate.kind === 'observed' ? candidate.resource.vmid : candidate.vmid;
    const decide = (rows: Map<number, SyncedGuest>): GuestBatch => {
      const batch: GuestBatch = { changes: [], touches };
      for (const candidate of candidates) {
        const vmid = vmidOf(candidate);
        const change = this.changeFor(candidate, rows.get(vmid), observedAt);
        if (change) batch.changes.push(change);
        else if (candidate.kind === 'observed') {
          const read = candidate.outcome?.kind === 'read' ? candidate.outcome.read : undefined;
          batch.touches.push({
            vmid,
            uptimeSeconds: uptimeOf(candidate.resource),
            configReadAt: read ? candidate.readAt : null,
            digest: read?.digest ?? null,
          });
        }
      }
      return batch;
    };
    const counts = await recorder.record(
      { target, origin, ...(this.mode && { pass: this.mode }) },
      candidates.map(vmidOf),
      decide,
      observedAt,
    );
    this.counts.created += counts.created;
    this.counts.updated += counts.updated;
    this.counts.deleted += counts.deleted;
  }

  /** The change a candidate makes to its stored row, or undefined when it changes nothing. */
  private changeFor(
    candidate: Candidate,
    current: SyncedGuest | undefined,
    observedAt: Date,
  ): GuestChange | undefined {
    switch (candidate.kind) {
      case 'gone':
        return current && { kind: 'deleted', guest: inventoryGuestOf(current) };
      case 'unknown': {
        if (!current) {
          // First seen while its node is down: known by its summary alone until the node answers.
          if (!candidate.resource) return undefined;
          const guest = withConfig({ ...summaryOf(candidate.resource), status: 'unknown' }, { config: {} });
          return { kind: 'created', guest, seen: { observedAt, configReadAt: null } };
        }
        // Its summary stays as last observed (uptime included), only its status is unknown.
        const before = inventoryGuestOf(current);
        const guest: InventoryGuest = { ...before, status: 'unknown' };
        const changes = guestChanges(before, guest);
        if (changes.length === 0) return undefined;
        const seen = { observedAt: current.observedAt, configReadAt: current.configReadAt };
        return { kind: 'updated', guest, seen, changes };
      }
      case 'observed': {
        const read = candidate.outcome?.kind === 'read' ? candidate.outcome.read : undefined;
        const before = current && inventoryGuestOf(current);
        const config = read ?? {
          config: before?.config ?? {},
          ...(before?.digest === undefined ? {} : { digest: before.digest }),
        };
        const guest = withConfig(summaryOf(candidate.resource), config);
        const seen = { observedAt, configReadAt: read ? candidate.readAt : (current?.configReadAt ?? null) };
        if (!before) return { kind: 'created', guest, seen };
        const changes = guestChanges(before, guest);
        if (changes.length === 0) return undefined;
        return { kind: 'updated', guest, seen, changes };
      }
    }
  }

  private finish(mode: SyncMode, view: ClusterView, durationMs: number): Promise<InventorySynced> {
    // A node listed online whose guests' configs could not be reached is not known to be up.
    const nodes = view.nodes.map((node) =>
      node.status === 'online' && this.unreachableNodes.has(node.node)
        ? { ...node, status: 'unknown' as const }
        : node,
    );
    return this.context.recorder.recordPass(this.context.target, this.context.origin, {
      mode,
      observedAt: view.observedAt,
      nodes,
      unreachableNodes: [...this.unreachableNodes].sort(),
      ...this.counts,
      durationMs,
    });
  }

  private reportFailedReads(): void {
    if (this.failedReads.length === 0) return;
    this.context.logger.warn(
      {
        target: this.context.target,
        failed: this.failedReads.length,
        examples: this.failedReads.slice(0, 5),
      },
      'some guest configs could not be read; those guests are left as they were and read again next pass',
    );
  }

  /** Counts `by` more done in `phase` and tells the listener when another step is reached. */
  private advance(phase: InventorySyncProgress['phase'], by: number): void {
    const counts = this.progress[phase];
    counts.done += by;
    const step =
      counts.total === 0 ? PROGRESS_STEPS : Math.floor((counts.done * PROGRESS_STEPS) / counts.total);
    if (`${phase}:${step}` === this.lastStepTold) return;
    this.lastStepTold = `${phase}:${step}`;
    this.context.onProgress?.({ phase, ...counts });
  }

  private throwIfStopping(): void {
    if (this.context.signal?.aborted) throw new SyncPassStopped(this.context.target);
  }
}

function summaryChanged(before: GuestSummaryRow, resource: GuestResource): boolean {
  return summaryChanges(guestOf(before), summaryOf(resource)).length > 0;
}

/** The uptime listed is not the stored one counted on to `observedAt`: the guest started again. */
function rebooted(before: GuestSummaryRow, resource: GuestResource, observedAt: Date): boolean {
  return Math.abs(uptimeOf(resource) - uptimeAt(before, observedAt)) > UPTIME_SLACK_S;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
