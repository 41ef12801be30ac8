import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, type ManagedProcess } from '@proxmox-mpc/testing';

export interface SupervisorOptions {
  say: (line: string) => void;
  /** Called once when a part keeps crashing: the caller stops everything. */
  giveUp: (reason: string) => void;
  /** Called after a part came back, e.g. to record its new pid. */
  restarted?: (part: ManagedProcess) => void;
  /** More crashes than this of one part inside `windowMs` stop the platform. */
  maxCrashes?: number;
  windowMs?: number;
  /** First restart delay; doubles with each crash inside the window. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Lines of a crashed part's output shown with the report. */
  lastLines?: number;
}

const DEFAULTS = {
  maxCrashes: 5,
  windowMs: 120_000,
  firstDelayMs: 500,
  maxDelayMs: 15_000,
  lastLines: 15,
};

/**
 * What `npm start` does for the processes it started (nats-server, PostgreSQL, the six
 * services): a part that exits is reported at once with its last lines and started again
 * after a growing delay; one that keeps crashing stops the platform with a clear message.
 * In Kubernetes the kubelet does this job.
 */
export class Supervisor {
  private readonly settings: typeof DEFAULTS;
  private stopping = false;
  private gaveUp = false;

  constructor(private readonly options: SupervisorOptions) {
    this.settings = {
      maxCrashes: options.maxCrashes ?? DEFAULTS.maxCrashes,
      windowMs: options.windowMs ?? DEFAULTS.windowMs,
      firstDelayMs: options.firstDelayMs ?? DEFAULTS.firstDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULTS.maxDelayMs,
      lastLines: options.lastLines ?? DEFAULTS.lastLines,
    };
  }

  watch(part: ManagedProcess): void {
    void this.follow(part);
  }

  /** No restarts from now on: the caller is stopping everything. */
  stop(): void {
    this.stopping = true;
  }

  private async follow(part: ManagedProcess): Promise<void> {
    const crashes: number[] = [];
    for (;;) {
      const exit = await part.ended();
      if (this.stopping) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && (crashes[0] as number) < now - this.settings.windowMs) crashes.shift();
      this.report(part, `exited (${describeExit(exit)})`);
      if (crashes.length > this.settings.maxCrashes) {
        this.abandon(
          `${part.name} crashed ${crashes.length} times in ${Math.round(this.settings.windowMs / 1000)} s; ` +
            'stopping everything. Fix the cause above and run npm start again.',
        );
        return;
      }
      const delay = Math.min(
        this.settings.firstDelayMs * 2 ** (crashes.length - 1),
        this.settings.maxDelayMs,
      );
      this.options.say(`[supervisor] restarting ${part.name} in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay);
      if (this.stopping) return;
      try {
        await part.restart();
        this.options.restarted?.(part);
        this.options.say(`[supervisor] ${part.name} is back (pid ${part.pid})`);
      } catch (error) {
        if (this.stopping) return;
        // The failed start is itself a crash: `ended()` now resolves at once and loops.
        this.options.say(`[supervisor] ${part.name} did not come back: ${firstLine(error)}`);
      }
    }
  }

  private report(part: ManagedProcess, what: string): void {
    const lines = part.lastLines(this.settings.lastLines);
    this.options.say(`[supervisor] ${part.name} ${what}${lines.length ? '; its last lines:' : ''}`);
    for (const line of lines) this.options.say(`    ${line}`);
  }

  private abandon(reason: string): void {
    if (this.gaveUp) return;
    this.gaveUp = true;
    this.stopping = true;
    this.options.say(`[supervisor] ${reason}`);
    this.options.giveUp(reason);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] as string;
}
