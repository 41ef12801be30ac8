import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '@proxmox-mpc/testing';

export const Tmux = { command: 'tmux', install: 'apt-get install tmux' } as const;

/**
 * A program in a real pseudo-terminal, driven like a person would: tmux runs it in a
 * detached session of a fixed size on a server of its own (its own socket file, removed
 * with it), keys are sent with `send-keys`, and the screen is read with `capture-pane`.
 * Every tmux call is an argument array; no shell is involved.
 */
export class TmuxTerminal {
  private constructor(
    private readonly socket: string,
    private readonly session: string,
  ) {}

  static start(
    name: string,
    command: readonly string[],
    env: Record<string, string>,
    size: { columns: number; rows: number },
  ): TmuxTerminal {
    const terminal = new TmuxTerminal(join(tmpdir(), `mpc-tmux-${process.pid}-${name}`), name);
    terminal.tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
      ...command,
    );
    // Keep the pane after the program ends, so its last words can still be read.
    terminal.tmux('set-option', '-t', name, 'remain-on-exit', 'on');
    return terminal;
  }

  /** Keys as tmux names them: text, `Enter`, `Tab`, `Up`, `C-c`, `C-d`. */
  send(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Text typed as is (no key names), e.g. a command line. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  /** The screen once `pattern` shows on it; the last screen when it does not within `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return pollUntil(
      async () => this.screen(),
      (screen) => pattern.test(screen),
      timeoutMs,
      100,
    );
  }

  stop(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(this.socket, { force: true });
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }
}
