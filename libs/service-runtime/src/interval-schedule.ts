import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@proxmox-mpc/telemetry';

/**
 * The adapter for work a service does on a timer rather than on a message (`*.schedule.ts`):
 * runs `tick` every `intervalMs` from bootstrap to shutdown (never when it is 0). A tick that fails is logged
 * and the next one tries again; ticks never overlap, and the timer never keeps the
 * process alive.
 */
export abstract class IntervalSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  protected constructor(
    private readonly intervalMs: number,
    /** What the work is, for the log line of a failed tick: "anchor the audit chain". */
    private readonly what: string,
    protected readonly logger: Logger,
  ) {}

  protected abstract tick(): Promise<void>;

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs one tick now, unless one is running (then waits for it). */
  protected async runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.tick()
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, `could not ${this.what}; the next run tries again`),
      )
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }
}
