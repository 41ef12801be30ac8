import type { Origin } from '@proxmox-mpc/contracts';
import type { Terminal } from '../cli/terminal';
import type { Platform } from '../platform/platform';

/** Where tab completion finds values: live data from the platform, or a fixed list. */
export type CompletionSource =
  'guests' | 'workspaces' | 'approvals' | 'targets' | 'services' | readonly string[];

export interface FlagSpec {
  kind: 'string' | 'boolean';
  /** What it does, for /help. */
  description: string;
  /** The value's name in /help: `--target <name>`. */
  value?: string;
  complete?: CompletionSource;
}

export interface ArgumentSpec {
  name: string;
  description: string;
  required?: boolean;
  /** Values to complete; a function of the arguments before it (`approve` → approval ids). */
  complete?: CompletionSource | ((before: readonly string[]) => CompletionSource | undefined);
}

export interface ParsedArgs {
  flags: Readonly<Record<string, string | boolean | undefined>>;
  positionals: readonly string[];
}

/** What a command found. The exit code is 1 when `ok` is false (unhealthy, drift, a failed check). */
export interface CommandResult {
  ok: boolean;
  /** What `--json` prints; undefined when the command printed its result as it went (`/logs --follow`). */
  data: unknown;
  /** What a person reads; long output pages in the REPL. */
  lines: string[];
}

export interface CommandContext {
  readonly platform: Platform;
  readonly terminal: Terminal;
  /** Aborted by Ctrl-C: stop waiting and return (work already sent runs on). */
  readonly signal: AbortSignal;
  /** A person is at the keyboard (the REPL, or a one-shot run on a terminal): questions may be asked. */
  readonly interactive: boolean;
  /** `--json`: results go to stdout as JSON, progress and messages to stderr. */
  readonly json: boolean;
  /** This command's place on the bus: one correlation id per command, the console's operator as actor. */
  origin(target?: string): Origin;
  /**
   * The same, for a command it sends (a change, not a query): the console then names the
   * correlation id, so /trace and /logs --correlation-id can follow what it caused.
   */
  actingOrigin(target?: string): Origin;
  /** Asks the operator; `secret` hides what is typed. Refused (usage error) when nobody can answer. */
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
}

export interface CommandDefinition {
  /** Typed with or without the leading slash: `sync`, `/sync`. */
  name: string;
  aliases?: readonly string[];
  summary: string;
  arguments?: readonly ArgumentSpec[];
  flags?: Readonly<Record<string, FlagSpec>>;
  /** At least one, shown by /help. */
  examples: readonly [string, ...string[]];
  /** What else /help says: defaults, exit codes, where things come from. */
  notes?: readonly string[];

  run(context: CommandContext, args: ParsedArgs): Promise<CommandResult>;
}

/** The flags every command takes. */
export const GLOBAL_FLAGS: Readonly<Record<string, FlagSpec>> = {
  json: { kind: 'boolean', description: 'print the result as JSON on stdout (messages go to stderr)' },
  help: { kind: 'boolean', description: 'show how to use the command' },
};

/** A result that is all text. */
export function done(data: unknown, lines: string[], ok = true): CommandResult {
  return { ok, data, lines };
}
