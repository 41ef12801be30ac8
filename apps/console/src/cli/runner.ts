import { randomUUID } from 'node:crypto';
import { CommandTimeout, QueryFailed } from '@proxmox-mpc/bus';
import type { CommandContext, CommandDefinition } from '../commands/command';
import { helpOf } from '../commands/help.command';
import type { Platform } from '../platform/platform';
import { parseArguments } from './arguments';
import { Cancelled, CommandFailed, ExitCode, UsageError } from './errors';
import { didYouMean } from './suggest';
import type { Terminal } from './terminal';

export interface RunnerOptions {
  platform: Platform;
  terminal: Terminal;
  interactive: boolean;
  ask: CommandContext['ask'];
  /** Shows long output a page at a time (the REPL on a terminal); without it, everything is printed. */
  page?: (lines: readonly string[], signal: AbortSignal) => Promise<void>;
}

/** Exit code of a run the operator stopped with Ctrl-C (128 + SIGINT), as shells report it. */
export const CANCELLED_EXIT_CODE = 130;

/**
 * Runs one command line, the same way in the REPL and one-shot: finds the command (with
 * or without its slash; a near miss is suggested), checks every argument before anything
 * is sent, runs it under its own correlation id, and prints the result as text or JSON.
 * Returns the exit code: 0 ok, 1 failed or something wrong found, 2 bad usage.
 */
export class CommandRunner {
  constructor(
    readonly commands: readonly CommandDefinition[],
    private readonly options: RunnerOptions,
  ) {}

  find(word: string): CommandDefinition {
    const name = word.replace(/^\//, '');
    const command = this.commands.find(
      (candidate) => candidate.name === name || candidate.aliases?.includes(name),
    );
    if (!command) {
      throw new UsageError(
        `unknown command /${name}${didYouMean(
          name,
          this.commands.map((each) => each.name),
          '/',
        )} (/help lists them)`,
      );
    }
    return command;
  }

  async run(argv: readonly string[], signal: AbortSignal): Promise<number> {
    const { terminal } = this.options;
    const json = argv.includes('--json');
    let command: CommandDefinition | undefined;
    try {
      const [word, ...rest] = argv;
      if (word === undefined) return ExitCode.ok;
      command = this.find(word);
      const args = parseArguments(command, rest);
      if (args.flags.help) {
        for (const line of helpOf(command)) terminal.print(line);
        return ExitCode.ok;
      }
      const correlationId = `console-${randomUUID()}`;
      const { platform } = this.options;
      const origin = (target?: string) => ({
        correlationId,
        actor: platform.operator,
        ...(target ? { target } : {}),
      });
      let named = false;
      const result = await command.run(
        {
          platform,
          terminal,
          signal,
          interactive: this.options.interactive,
          json,
          origin,
          actingOrigin: (target) => {
            if (!named)
              terminal.note(terminal.errorColours.dim(`correlation id ${correlationId} (/trace it)`));
            named = true;
            return origin(target);
          },
          ask: this.options.ask,
        },
        args,
      );
      if (json && result.data !== undefined) terminal.print(JSON.stringify(result.data, null, 2));
      else if (this.options.page) await this.options.page(result.lines, signal);
      else for (const line of result.lines) terminal.print(line);
      return result.ok ? ExitCode.ok : ExitCode.failed;
    } catch (error) {
      return this.report(error, json, command);
    }
  }

  private report(error: unknown, json: boolean, command: CommandDefinition | undefined): number {
    const { terminal } = this.options;
    const [kind, code, message] = describe(error);
    if (json) terminal.print(JSON.stringify({ error: { kind, code, message } }, null, 2));
    terminal.error(`${kind === 'cancelled' ? '' : 'error: '}${message}`);
    if (kind === 'usage' && command) terminal.note(`see /help ${command.name}`);
    if (kind === 'usage') return ExitCode.usage;
    return kind === 'cancelled' ? CANCELLED_EXIT_CODE : ExitCode.failed;
  }
}

type Kind = 'usage' | 'failed' | 'cancelled' | 'internal';

function describe(error: unknown): [Kind, string | undefined, string] {
  if (error instanceof UsageError) return ['usage', undefined, error.message];
  if (error instanceof CommandFailed) return ['failed', undefined, error.message];
  if (error instanceof QueryFailed) return ['failed', error.code, error.message];
  if (error instanceof CommandTimeout) return ['failed', error.code, error.message];
  if (error instanceof Cancelled || (error as Error | undefined)?.name === 'AbortError') {
    return ['cancelled', undefined, 'cancelled; anything already sent to the platform runs to its end'];
  }
  return ['internal', undefined, error instanceof Error ? error.message : String(error)];
}
