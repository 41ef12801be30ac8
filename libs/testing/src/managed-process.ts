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
 * so that a failure to start says why.
 */
export class ManagedProcess {
  private readonly lines: string[] = [];
  private readonly exit: Promise<number | null>;
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    onLine?: (line: string) => void,
  ) {
    this.exit = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exited = true;
        resolve(code);
      });
      child.on('error', (error) => {
        this.record(`failed to run: ${error.message}`);
        this.exited = true;
        resolve(null);
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
          onLine?.(line);
        }
      });
    }
  }

  static async start(options: ManagedProcessOptions): Promise<ManagedProcess> {
    const child = spawn(options.command, options.args, {
      env: { ...(options.env ?? process.env), MPC_STOP_WITH_PARENT: '1' },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const managed = new ManagedProcess(options.name, child, options.onLine);
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    try {
      if (options.ready instanceof RegExp) await managed.waitFor(options.ready, timeoutMs);
      else await managed.poll(options.ready, timeoutMs);
    } catch (error) {
      await managed.stop();
      throw error;
    }
    return managed;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get output(): string {
    return this.lines.join('\n');
  }

  /** Resolves with the first kept or future line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const seen = this.lines.map((line) => line.match(pattern)).find(Boolean);
    if (seen) return Promise.resolve(seen);
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
        this.child.stdout?.off('data', onData);
        this.child.stderr?.off('data', onData);
        settle();
      };
      this.child.stdout?.on('data', onData);
      this.child.stderr?.on('data', onData);
      void this.exit.then((code) =>
        finish(() =>
          reject(new Error(`${this.name} exited (code ${code}) before it was ready:\n${this.output}`)),
        ),
      );
    });
  }

  private async poll(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe().catch(() => false))) {
      if (this.exited)
        throw new Error(`${this.name} exited (code ${await this.exit}) before it was ready:\n${this.output}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} was not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.exited) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exit;
    clearTimeout(timer);
    return code;
  }

  /** Kills without a chance to clean up, as a crash would. */
  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** Resolves with the exit code when the process ends on its own. */
  exitCode(): Promise<number | null> {
    return this.exit;
  }

  private record(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
  }
}
