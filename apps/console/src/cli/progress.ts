import type { Colours } from './colours';

const BAR_WIDTH = 24;

/**
 * A progress bar for long work, fed by the platform's progress events. On a terminal it
 * redraws one line; elsewhere (a pipe, CI logs) it prints a line only when the step or
 * a quarter of the way changes, so logs stay short. It writes to stderr, keeping stdout
 * for results (`--json`).
 */
export class ProgressBar {
  private lastLogged = '';
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly label: string,
    private readonly colours: Colours,
  ) {}

  update(done: number, total: number, note = ''): void {
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const percent = Math.floor(ratio * 100);
    if (this.stream.isTTY) {
      const filled = Math.round(ratio * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      this.stream.write(
        `\r\u001b[2K${this.label} ${this.colours.cyan(bar)} ${String(percent).padStart(3)}% ${done}/${total} ${this.colours.dim(note)}`,
      );
      this.drawn = true;
      return;
    }
    const key = `${note}:${Math.floor(percent / 25)}`;
    if (key === this.lastLogged) return;
    this.lastLogged = key;
    this.stream.write(`${this.label} ${percent}% (${done}/${total}) ${note}\n`);
  }

  /** Ends the bar's line, so what follows starts on its own. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
