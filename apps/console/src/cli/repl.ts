import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { CommandDefinition } from '../commands/command';
import type { LiveData } from '../platform/live-data';
import { flagsOf, splitLine } from './arguments';
import { Cancelled, UsageError } from './errors';
import type { CommandRunner } from './runner';
import { EchoControl } from './echo-control';
import type { Terminal } from './terminal';

// Lines kept across restarts; older ones fall off the top of the file when it is read.
const HISTORY_SIZE = 1_000;

/** Where the REPL keeps its history: MPC_CONSOLE_HISTORY, or the XDG state folder. */
export function historyFile(env: NodeJS.ProcessEnv): string {
  if (env.MPC_CONSOLE_HISTORY) return env.MPC_CONSOLE_HISTORY;
  const state = env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state');
  return join(state, 'proxmox-mpc', 'history');
}

function loadHistory(file: string): string[] {
  if (!existsSync(file)) return [];
  // readline wants the newest first.
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
}

/**
 * The console an operator keeps open: slash commands with tab completion (commands,
 * flags and live names from the platform), history kept across restarts, Ctrl-C stopping
 * the running command rather than the console, and long output a page at a time.
 */
export class Repl {
  private readonly echo: EchoControl;
  private readonly rl: Interface;
  private running: AbortController | undefined;
  private pendingAnswer: AbortController | undefined;
  private runner!: CommandRunner;

  constructor(
    input: NodeJS.ReadableStream,
    private readonly terminal: Terminal,
    private readonly live: LiveData,
    private readonly historyPath: string,
  ) {
    this.echo = new EchoControl(terminal.out);
    this.rl = createInterface({
      input,
      output: this.echo,
      // Lines piped in (a script) get no prompt redraws, key handling or completion.
      terminal: Boolean((input as { isTTY?: boolean }).isTTY && terminal.out.isTTY),
      history: loadHistory(historyPath),
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      prompt: `${terminal.colours.cyan('mpc')}> `,
      completer: (line: string, callback: (error: null, result: [string[], string]) => void) => {
        this.complete(line).then(
          (result) => callback(null, result),
          () => callback(null, [[], line]),
        );
      },
    });
  }

  /** Runs until Ctrl-D or /exit. */
  async start(runner: CommandRunner, greeting: readonly string[]): Promise<void> {
    this.runner = runner;
    for (const line of greeting) this.terminal.print(line);
    this.live.warm();
    this.rl.on('SIGINT', () => this.interrupt());
    this.rl.prompt();
    for await (const line of this.rl) {
      const trimmed = line.trim();
      if (trimmed === '/exit' || trimmed === '/quit' || trimmed === 'exit' || trimmed === 'quit') break;
      if (trimmed) {
        this.remember(trimmed);
        await this.execute(trimmed);
      }
      this.rl.prompt();
    }
    this.rl.close();
  }

  /** A question for the command that runs; `secret` keeps the answer off the screen. */
  ask = async (question: string, options: { secret?: boolean } = {}): Promise<string> => {
    this.pendingAnswer = new AbortController();
    const answered = new Promise<string>((resolve, reject) => {
      this.rl.question(question, { signal: (this.pendingAnswer as AbortController).signal }, resolve);
      this.pendingAnswer?.signal.addEventListener('abort', () => reject(new Cancelled()), { once: true });
    });
    this.echo.muted = Boolean(options.secret);
    try {
      return (await answered).trim();
    } finally {
      this.pendingAnswer = undefined;
      if (options.secret) {
        this.echo.muted = false;
        this.terminal.print();
      }
    }
  };

  /** Long output a screen at a time; Enter shows the next page, q (or Ctrl-C) stops. */
  page = async (lines: readonly string[], signal: AbortSignal): Promise<void> => {
    const rows = this.terminal.rows;
    const pageSize = rows === undefined ? lines.length : Math.max(5, rows - 2);
    for (let start = 0; start < lines.length; start += pageSize) {
      for (const line of lines.slice(start, start + pageSize)) this.terminal.print(line);
      const left = lines.length - start - pageSize;
      if (left <= 0 || signal.aborted) return;
      const answer = await this.ask(
        this.terminal.colours.dim(`-- ${left} more lines: Enter for the next page, q to stop -- `),
      ).catch((error: unknown) => {
        if (error instanceof Cancelled) return 'q';
        throw error;
      });
      if (answer.toLowerCase().startsWith('q')) return;
    }
  };

  private async execute(line: string): Promise<void> {
    let argv: string[];
    try {
      argv = splitLine(line);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      this.terminal.error(`error: ${error.message}`);
      return;
    }
    this.running = new AbortController();
    try {
      await this.runner.run(argv, this.running.signal);
    } finally {
      this.running = undefined;
    }
  }

  /** Ctrl-C: stops the running command (or a question it asked); at the prompt, clears the line. */
  private interrupt(): void {
    if (this.running) {
      this.pendingAnswer?.abort();
      this.running.abort(new Cancelled());
      return;
    }
    // Cleared through readline first, so its idea of the screen stays right.
    this.rl.write(null, { ctrl: true, name: 'e' });
    this.rl.write(null, { ctrl: true, name: 'u' });
    this.terminal.print(`^C ${this.terminal.colours.dim('(Ctrl-D or /exit leaves the console)')}`);
    this.rl.prompt();
  }

  private remember(line: string): void {
    try {
      mkdirSync(dirname(this.historyPath), { recursive: true, mode: 0o700 });
      appendFileSync(this.historyPath, `${line}\n`, { mode: 0o600 });
      chmodSync(this.historyPath, 0o600);
    } catch {
      // A history that cannot be written costs the next session its recall, nothing more.
    }
  }

  /** What Tab offers for the word under the cursor. */
  private async complete(line: string): Promise<[string[], string]> {
    const words = line.split(/\s+/);
    const partial = words.at(-1) ?? '';
    if (words.length === 1) {
      const slash = partial.startsWith('/') ? '/' : '';
      const names = this.runner.commands.flatMap((command) => [command.name, ...(command.aliases ?? [])]);
      return [
        names
          .map((name) => `${slash}${name}`)
          .filter((name) => name.startsWith(partial))
          .sort(),
        partial,
      ];
    }
    let command: CommandDefinition;
    try {
      command = this.runner.find(words[0] as string);
    } catch {
      return [[], partial];
    }
    const flags = flagsOf(command);
    if (partial.startsWith('--')) {
      return [
        Object.keys(flags)
          .map((name) => `--${name}`)
          .filter((flag) => flag.startsWith(partial)),
        partial,
      ];
    }
    const before = words.slice(1, -1);
    const previous = before.at(-1);
    const flag = previous?.startsWith('--') ? flags[previous.slice(2)] : undefined;
    const source = flag?.kind === 'string' ? flag.complete : this.argumentSource(command, before, flags);
    if (!source) return [[], partial];
    const values = await this.live.values(source);
    return [values.filter((value) => value.startsWith(partial)).sort(), partial];
  }

  /** The completion of the positional argument being typed, counting the words before it. */
  private argumentSource(
    command: CommandDefinition,
    before: readonly string[],
    flags: ReturnType<typeof flagsOf>,
  ) {
    const positionals: string[] = [];
    for (let index = 0; index < before.length; index += 1) {
      const word = before[index] as string;
      if (word.startsWith('--')) {
        if (flags[word.slice(2)]?.kind === 'string') index += 1;
      } else positionals.push(word);
    }
    const spec = command.arguments?.[positionals.length];
    return typeof spec?.complete === 'function' ? spec.complete(positionals) : spec?.complete;
  }
}
