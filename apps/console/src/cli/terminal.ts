import { Colours } from './colours';
import { ProgressBar } from './progress';

export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

/**
 * Where the console writes: results to stdout, messages and progress to stderr, each
 * coloured only on a terminal, tables as wide as the terminal (unlimited for a pipe).
 */
export class Terminal {
  readonly colours: Colours;
  readonly errorColours: Colours;

  constructor(
    readonly out: OutputStream,
    readonly err: OutputStream,
    env: NodeJS.ProcessEnv,
  ) {
    this.colours = Colours.for(out, env);
    this.errorColours = Colours.for(err, env);
  }

  /** Columns a line may take: the terminal's width, or no limit for a pipe or file. */
  get width(): number {
    return this.out.isTTY ? (this.out.columns ?? 100) : Number.POSITIVE_INFINITY;
  }

  /** Rows on screen, for paging; undefined when stdout is not a terminal. */
  get rows(): number | undefined {
    return this.out.isTTY ? (this.out.rows ?? 24) : undefined;
  }

  print(line = ''): void {
    this.out.write(`${line}\n`);
  }

  /** A message beside the result (a warning, what the console is waiting for). */
  note(line: string): void {
    this.err.write(`${line}\n`);
  }

  error(line: string): void {
    this.err.write(`${this.errorColours.red(line)}\n`);
  }

  progress(label: string): ProgressBar {
    return new ProgressBar(this.err, label, this.errorColours);
  }
}
