import { spawn, type ChildProcess } from 'node:child_process';

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A line of output that means the process is ready, or a probe that says so. */
  ready: RegExp | (() => Promise<boolean>);
  readyTimeoutMs?: number;
  /** Called with every line the process prints (stdout and stderr). */
  onLine?: (line: string) => void;
}

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const KEPT_LINES = 200;

// Children run in their own process group (so Ctrl-C reaches only the parent, which
// stops them in order). If the parent exits anyway they get SIGTERM, so that a child
// that owns another process (embedded PostgreSQL) stops it; if the parent is killed
// outright, its stdin pipe closes and children that watch it (MPC_STOP_WITH_PARENT)
// stop themselves.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/**
 * A child process started with an argument array (never a shell), whose output is kept
 * so that a failure to start says why. It can be started again in place (`restart`)
 * with the same command, so whoever holds it keeps stopping the current one.
 */
export class ManagedProcess {
  private readonly lines: string[] = [];
  private child!: ChildProcess;
  private exit!: Promise<ProcessExit>;
  private exited = false;

  private constructor(private readonly options: ManagedProcessOptions) {}

  static async start(options: ManagedProcessOptions): Promise<ManagedProcess> {
    const managed = new ManagedProcess(options);
    await managed.launch();
    return managed;
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get output(): string {
    return this.lines.join('\n');
  }

  /** The last `count` lines the process printed. */
  lastLines(count: number): string[] {
    return this.lines.slice(-count);
  }

  /** Sets variables for the next `restart` (a port that changed after the first start). */
  updateEnv(variables: Record<string, string>): void {
    this.options.env = { ...(this.options.env ?? process.env), ...variables };
  }

  /** Starts the command again (stopping the current one first if it still runs). */
  async restart(): Promise<void> {
    if (!this.exited) await this.stop();
    this.lines.length = 0;
    await this.launch();
  }

  /** Resolves with the first kept or future line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const seen = this.lines.map((line) => line.match(pattern)).find(Boolean);
    if (seen) return Promise.resolve(seen);
    const child = this.child;
    return new Promise((resolve, reject) => {
      const onData = (): void => {
        const match = this.lines.map((line) => line.match(pattern)).find(Boolean);
        if (match) finish(() => resolve(match));
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`${this.name} was not ready after ${timeoutMs} ms:\n${this.output}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        settle();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void this.exit.then((exit) =>
        finish(() =>
          reject(
            new Error(`${this.name} exited (${describeExit(exit)}) before it was ready:\n${this.output}`),
          ),
        ),
      );
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.exited) return (await this.exit).code;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const { code } = await this.exit;
    clearTimeout(timer);
    return code;
  }

  /** Kills without a chance to clean up, as a crash would. */
  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** Resolves with the exit code when the current process ends on its own. */
  async exitCode(): Promise<number | null> {
    return (await this.exit).code;
  }

  /** Resolves with how the current process ended. */
  ended(): Promise<ProcessExit> {
    return this.exit;
  }

  private async launch(): Promise<void> {
    this.spawnChild();
    const timeoutMs = this.options.readyTimeoutMs ?? 60_000;
    try {
      if (this.options.ready instanceof RegExp) await this.waitFor(this.options.ready, timeoutMs);
      else await this.poll(this.options.ready, timeoutMs);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private spawnChild(): void {
    const child = spawn(this.options.command, this.options.args, {
      env: { ...(this.options.env ?? process.env), MPC_STOP_WITH_PARENT: '1' },
      cwd: this.options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    this.child = child;
    this.exited = false;
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        this.exited = true;
        resolve({ code, signal });
      });
      child.once('error', (error) => {
        running.delete(child);
        this.record(`failed to run: ${error.message}`);
        this.exited = true;
        resolve({ code: null, signal: null });
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const line of parts) {
          this.record(line);
          this.options.onLine?.(line);
        }
      });
    }
  }

  private async poll(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe().catch(() => false))) {
      if (this.exited)
        throw new Error(
          `${this.name} exited (${describeExit(await this.exit)}) before it was ready:\n${this.output}`,
        );
      if (Date.now() > deadline)
        throw new Error(`${this.name} was not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private record(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
  }
}

/** "code 3" or "signal SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/** Whether a process with this pid exists (also one of another user, which signals refuse). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
