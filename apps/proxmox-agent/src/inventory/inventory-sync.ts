import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { MessageBus, Outbox } from '@proxmox-mpc/bus';
import type { InventoryGuest, InventorySynced, Origin } from '@proxmox-mpc/contracts';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { DataSource } from 'typeorm';
import type { ProxmoxTarget } from '../targets/proxmox-target';
import { TargetRegistry } from '../targets/target-registry';
import type { GuestLocation, InventoryApi } from './cluster-reader';
import { InventoryRecorder } from './inventory-recorder';
import { DEFAULT_INVENTORY_SETTINGS, INVENTORY_SETTINGS, type InventorySettings } from './inventory-settings';
import { InventoryRepository, type SyncMode } from './inventory.repository';
import { SyncPass, SyncPassStopped } from './sync-pass';
import { TargetSyncLock, type HeldTargetLock } from './target-sync-lock';

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
 * incremental pass every `syncIntervalMs`. Only the replica holding a target's advisory
 * lock syncs it; the others skip their turn, so more replicas do not mean more load on
 * Proxmox. A failed pass is logged and retried on the next interval.
 */
@Injectable()
export class InventorySync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loops = new Map<string, TargetLoop>();
  private readonly lock: TargetSyncLock;
  private readonly recorder: InventoryRecorder;
  private readonly settings: InventorySettings;
  private stopping = false;
  private readonly startedAt = new Date();

  constructor(
    private readonly bus: MessageBus,
    private readonly outbox: Outbox,
    dataSource: DataSource,
    private readonly targets: TargetRegistry,
    private readonly repository: InventoryRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(INVENTORY_SETTINGS) settings?: Partial<InventorySettings>,
  ) {
    this.lock = new TargetSyncLock(dataSource);
    this.recorder = new InventoryRecorder(repository, bus, outbox);
    this.settings = { ...DEFAULT_INVENTORY_SETTINGS, ...settings };
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
    for (const target of this.targets.all()) this.schedule(this.loopFor(target.name), 0);
  }

  /** Stops scheduling, lets a pass in flight end at its next batch, and waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
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
   * Asks for an incremental pass that starts after this call, and waits (at most
   * `waitMs`) until one has completed, here or on the replica that holds the lock.
   * Resolves false if the wait ran out; the pass still runs.
   */
  async syncNow(target: string, waitMs = this.settings.waitMs): Promise<boolean> {
    const loop = this.loopFor(target);
    if (!loop.queued) {
      const requestedAt = new Date();
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
   * Re-reads one guest now (its /cluster/resources entry and config) and records the
   * result like a pass: history, and created/updated/deleted events. `origin` ties those
   * events to the operation that caused the refresh. Resolves with the guest as now
   * stored, or undefined if it no longer exists.
   */
  async refreshGuest(
    target: string,
    vmid: number,
    origin?: Origin,
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
        const pass = this.passFor(loop.target, lock, origin ?? this.origin('inventory-refresh', target));
        return await pass.refresh(vmid, location);
      } finally {
        await lock.release();
        void this.outbox.flush();
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
    if (this.stopping) return;
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
      const state = await this.repository.syncState(loop.target.name);
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
      if (this.stopping) throw new SyncPassStopped(loop.target.name);
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
      const state = await this.repository.syncState(name);
      if (state && state.lastSyncAt >= requestedAt) return true;
      if (this.stopping || Date.now() >= deadline) return false;
      await sleep(LOCK_POLL_MS);
    }
  }

  private async acquireBy(target: string, deadline: number): Promise<HeldTargetLock | undefined> {
    for (;;) {
      const lock = await this.tryLock(target);
      if (lock || this.stopping || Date.now() >= deadline) return lock;
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

  private async runPass(loop: TargetLoop, lock: HeldTargetLock, mode: SyncMode): Promise<InventorySynced> {
    const target = loop.target.name;
    try {
      const synced = await this.passFor(loop.target, lock, this.origin('inventory-sync', target)).run(mode);
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
      // Batches committed before a failure have events too.
      void this.outbox.flush();
    }
  }

  private passFor(target: ProxmoxTarget, lock: HeldTargetLock, origin: Origin): SyncPass {
    const api: InventoryApi = target.client;
    return new SyncPass({
      target: target.name,
      api,
      db: lock.manager,
      repository: this.repository,
      recorder: this.recorder,
      settings: this.settings,
      origin,
      logger: this.logger,
      stopping: () => this.stopping,
    });
  }

  private origin(kind: 'inventory-sync' | 'inventory-refresh', target: string): Origin {
    return {
      correlationId: `${kind}:${target}:${randomUUID()}`,
      actor: { kind: 'service', id: this.bus.service },
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
