import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import type { InventoryGuest, InventorySynced, Origin } from '@proxmox-mpc/contracts';
import { Clock, SERVICE_NAME } from '@proxmox-mpc/service-runtime';
import {
  contextWithCorrelationId,
  inSpan,
  LOGGER,
  SpanAttributes,
  type Logger,
} from '@proxmox-mpc/telemetry';
import type { ProxmoxTarget } from '../targets/proxmox-target';
import { TargetRegistry } from '../targets/target-registry';
import type { GuestLocation } from './cluster-reader';
import { DEFAULT_INVENTORY_SETTINGS, INVENTORY_SETTINGS, type InventorySettings } from './inventory-settings';
import { RefreshGuestUseCase } from './refresh-guest.use-case';
import { SyncInventoryUseCase } from './sync-inventory.use-case';
import { SyncPassStopped, type SyncPassContext } from './sync-pass';
import type { SyncMode } from './sync-state.entity';
import { SyncStateStore } from './sync-state.store';
import { TargetSyncLock, type HeldTargetLock } from './target-sync-lock';

const tracer = trace.getTracer('@proxmox-mpc/proxmox-agent');

// How often a caller waiting for another replica's lock looks again.
const LOCK_POLL_MS = 200;

interface TargetLoop {
  target: ProxmoxTarget;
  timer?: NodeJS.Timeout;
  /** Passes and refreshes of one target run one after another; this is the end of the line. */
  tail: Promise<unknown>;
  /** A syncNow pass still waiting for its turn: callers arriving meanwhile share it. */
  queued?: Promise<boolean>;
  fullSyncDone: boolean;
  consecutiveFailures: number;
}

/**
 * Keeps every target's inventory in step with Proxmox: a full pass at start, then an
 * incremental pass every `syncIntervalMs`. Whatever writes a target's inventory (a pass,
 * the refresh of a guest) runs here, one at a time per target, and only while this
 * replica holds the target's TargetSyncLock: the others skip their turn, so more replicas
 * do not mean more load on Proxmox. A failed pass is logged and retried on the next
 * interval.
 */
@Injectable()
export class InventorySync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loops = new Map<string, TargetLoop>();
  private readonly settings: InventorySettings;
  private readonly stopping = new AbortController();
  private readonly startedAt: Date;
  private started = false;

  constructor(
    private readonly targets: TargetRegistry,
    private readonly lock: TargetSyncLock,
    private readonly states: SyncStateStore,
    private readonly syncInventory: SyncInventoryUseCase,
    private readonly refreshGuestUseCase: RefreshGuestUseCase,
    private readonly clock: Clock,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(INVENTORY_SETTINGS) settings?: Partial<InventorySettings>,
  ) {
    this.settings = { ...DEFAULT_INVENTORY_SETTINGS, ...settings };
    this.startedAt = clock.now();
    // A cluster connected at run time gets its passes like the others, once passes run.
    targets.onAdded((target) => {
      if (this.started) this.schedule(this.loopFor(target.name), 0);
    });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /**
   * Starts the periodic passes of every target. The first is full, unless another replica
   * completed a full pass since this one started.
   */
  start(): void {
    this.started = true;
    for (const target of this.targets.all()) this.schedule(this.loopFor(target.name), 0);
  }

  /** Stops scheduling, lets a pass in flight end at its next batch, and waits for it. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const loop of this.loops.values()) clearTimeout(loop.timer);
    await Promise.all([...this.loops.values()].map((loop) => loop.tail));
  }

  /**
   * Runs one pass now if this replica can take the target's lock; undefined when another
   * replica holds it. Errors of the pass are thrown (they are logged too).
   */
  async syncOnce(target: string, mode: SyncMode): Promise<InventorySynced | undefined> {
    const loop = this.loopFor(target);
    return this.enqueue(loop, async () => {
      const lock = await this.tryLock(target);
      return lock && this.runPass(loop, lock, mode);
    });
  }

  /**
   * A pass someone asked for (an operator's `/sync`): it waits its turn behind the
   * target's other work and for the target's lock (up to `waitMs`; past that it throws,
   * and the command is delivered again later), runs under the caller's `origin`, and
   * tells `onProgress` how far it has come.
   */
  async syncRequested(
    target: string,
    mode: SyncMode,
    origin: Origin,
    onProgress?: SyncPassContext['onProgress'],
  ): Promise<InventorySynced> {
    const loop = this.loopFor(target);
    const deadline = Date.now() + this.settings.waitMs;
    return this.enqueue(loop, async () => {
      const lock = await this.acquireBy(target, deadline);
      if (!lock) throw new Error(`another replica kept the inventory of "${target}" busy; trying again`);
      return this.runPass(loop, lock, mode, { origin, ...(onProgress ? { onProgress } : {}) });
    });
  }

  /**
   * Asks for an incremental pass that starts after this call, and waits (at most
   * `waitMs`) until one has completed, here or on the replica that holds the lock.
   * Resolves false if the wait ran out; the pass still runs.
   */
  async syncNow(target: string, waitMs = this.settings.waitMs): Promise<boolean> {
    const loop = this.loopFor(target);
    if (!loop.queued) {
      const requestedAt = this.clock.now();
      const deadline = Date.now() + waitMs;
      const queued = this.enqueue(loop, () => {
        loop.queued = undefined;
        return this.passWhenFree(loop, requestedAt, deadline);
      });
      loop.queued = queued;
    }
    return withTimeout(loop.queued, waitMs, false);
  }

  /**
   * Re-reads one guest now and records the result like a pass (RefreshGuestUseCase),
   * in turn with the target's passes. `origin` ties its events to the operation that
   * caused the refresh. Resolves with the guest as now stored, or undefined if it no
   * longer exists.
   */
  async refreshGuest(
    target: string,
    vmid: number,
    origin: Origin,
    location?: GuestLocation,
  ): Promise<InventoryGuest | undefined> {
    const loop = this.loopFor(target);
    const deadline = Date.now() + this.settings.waitMs;
    const refresh = this.enqueue(loop, async () => {
      const lock = await this.acquireBy(target, deadline);
      if (!lock) {
        throw new Error(
          `could not refresh guest ${vmid} of target "${target}": another replica kept the inventory busy; ` +
            'its next pass will pick the change up',
        );
      }
      try {
        return await this.refreshGuestUseCase.execute({
          target,
          vmid,
          origin,
          ...(location ? { location } : {}),
        });
      } finally {
        await lock.release();
      }
    });
    return withTimeout(refresh, this.settings.waitMs, () => {
      throw new Error(`refreshing guest ${vmid} of target "${target}" is still waiting for a pass to finish`);
    });
  }

  private loopFor(name: string): TargetLoop {
    let loop = this.loops.get(name);
    if (!loop) {
      loop = {
        target: this.targets.resolve(name),
        tail: Promise.resolve(),
        fullSyncDone: false,
        consecutiveFailures: 0,
      };
      this.loops.set(name, loop);
    }
    return loop;
  }

  private schedule(loop: TargetLoop, delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    loop.timer = setTimeout(() => void this.tick(loop), delayMs);
    loop.timer.unref();
  }

  private async tick(loop: TargetLoop): Promise<void> {
    const name = loop.target.name;
    await this.enqueue(loop, async () => {
      const lock = await this.tryLock(name);
      if (lock) await this.runPass(loop, lock, await this.scheduledMode(loop, lock));
      else this.logger.debug({ target: name }, 'another replica is syncing this target');
    }).catch(() => undefined);
    this.schedule(loop, loop.target.settings.syncIntervalMs);
  }

  /**
   * Full for this process's first pass, unless another replica completed a full pass
   * since this one started: replicas taking turns must not each re-read every config.
   */
  private async scheduledMode(loop: TargetLoop, lock: HeldTargetLock): Promise<SyncMode> {
    if (loop.fullSyncDone) return 'incremental';
    try {
      const state = await this.states.find(loop.target.name);
      if (state?.lastFullSyncAt && state.lastFullSyncAt >= this.startedAt) {
        loop.fullSyncDone = true;
        return 'incremental';
      }
      return 'full';
    } catch (error) {
      this.logger.error({ err: error, target: loop.target.name }, 'could not read the inventory sync state');
      await lock.release();
      throw error;
    }
  }

  private enqueue<T>(loop: TargetLoop, work: () => Promise<T>): Promise<T> {
    const run = loop.tail.then(() => {
      if (this.stopping.signal.aborted) throw new SyncPassStopped(loop.target.name);
      return work();
    });
    loop.tail = run.catch(() => undefined);
    return run;
  }

  /** Waits for the lock and syncs; or notices another replica completed a pass since `requestedAt`. */
  private async passWhenFree(loop: TargetLoop, requestedAt: Date, deadline: number): Promise<boolean> {
    const name = loop.target.name;
    for (;;) {
      const lock = await this.tryLock(name);
      if (lock) {
        await this.runPass(loop, lock, 'incremental');
        return true;
      }
      const state = await this.states.find(name);
      if (state && state.lastSyncAt >= requestedAt) return true;
      if (this.stopping.signal.aborted || Date.now() >= deadline) return false;
      await sleep(LOCK_POLL_MS);
    }
  }

  private async acquireBy(target: string, deadline: number): Promise<HeldTargetLock | undefined> {
    for (;;) {
      const lock = await this.tryLock(target);
      if (lock || this.stopping.signal.aborted || Date.now() >= deadline) return lock;
      await sleep(LOCK_POLL_MS);
    }
  }

  /** The target's lock if free; a database failure is logged here, as no pass will log it. */
  private async tryLock(target: string): Promise<HeldTargetLock | undefined> {
    try {
      return await this.lock.tryAcquire(target);
    } catch (error) {
      this.logger.error({ err: error, target }, `could not take the inventory lock of "${target}"`);
      throw error;
    }
  }

  private async runPass(
    loop: TargetLoop,
    lock: HeldTargetLock,
    mode: SyncMode,
    requested?: { origin: Origin; onProgress?: SyncPassContext['onProgress'] },
  ): Promise<InventorySynced> {
    const target = loop.target.name;
    const origin = requested?.origin ?? this.origin(target);
    try {
      const synced = await this.inSpan(mode, origin, () =>
        this.syncInventory.execute({
          target,
          mode,
          origin,
          signal: this.stopping.signal,
          ...(requested?.onProgress ? { onProgress: requested.onProgress } : {}),
        }),
      );
      if (mode === 'full') loop.fullSyncDone = true;
      loop.consecutiveFailures = 0;
      const changed = synced.created + synced.updated + synced.deleted > 0;
      this.logger[mode === 'full' || changed ? 'info' : 'debug'](
        { ...synced, event: 'inventory.synced' },
        `inventory of "${target}" synced (${mode})`,
      );
      return synced;
    } catch (error) {
      if (error instanceof SyncPassStopped) {
        this.logger.info({ target }, error.message);
      } else {
        loop.consecutiveFailures += 1;
        this.logger.error(
          { err: error, target, mode, consecutiveFailures: loop.consecutiveFailures },
          `inventory sync of "${target}" failed; retrying next interval`,
        );
      }
      throw error;
    } finally {
      await lock.release();
    }
  }

  /**
   * A pass in a span of its own, in the trace of whoever asked for it, or a trace of its
   * own when its schedule came round: the events it announces are published in that
   * trace, so a pass is one trace, as each of its consumers sees it (and their batches
   * are not split by thousands of one-message traces).
   */
  private inSpan<T>(mode: SyncMode, origin: Origin, work: () => Promise<T>): Promise<T> {
    return inSpan(
      tracer,
      `inventory sync ${mode}`,
      { attributes: { [SpanAttributes.correlationId]: origin.correlationId } },
      contextWithCorrelationId(context.active(), origin.correlationId),
      work,
    );
  }

  /** A scheduled pass acts as the service, under a correlation id of its own. */
  private origin(target: string): Origin {
    return {
      correlationId: `inventory-sync:${target}:${randomUUID()}`,
      actor: { kind: 'service', id: this.service },
      target,
    };
  }
}

/** `promise`, or after `ms` the fallback's value (or its throw); the promise runs on either way. */
async function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T | (() => T)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(typeof fallback === 'function' ? (fallback as () => T)() : fallback);
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
