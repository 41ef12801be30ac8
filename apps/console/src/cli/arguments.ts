import type { z } from 'zod';
import { GLOBAL_FLAGS, type CommandDefinition, type FlagSpec, type ParsedArgs } from '../commands/command';
import { UsageError } from './errors';
import { didYouMean } from './suggest';

/**
 * Splits a REPL line into words the way a shell would for simple cases: spaces separate,
 * single or double quotes keep spaces, a backslash escapes the next character.
 */
export function splitLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < line.length) word += line[(index += 1)];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < line.length) {
      word += line[(index += 1)];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (inWord) words.push(word);
  return words;
}

/** Every flag the command takes, its own and the global ones. */
export function flagsOf(command: CommandDefinition): Record<string, FlagSpec> {
  return { ...command.flags, ...GLOBAL_FLAGS };
}

/**
 * The command's arguments, checked against its definition: an unknown flag is refused
 * with the nearest known one, a flag without its value or too many arguments too. Nothing
 * is sent before the whole line is understood.
 */
export function parseArguments(command: CommandDefinition, argv: readonly string[]): ParsedArgs {
  const known = flagsOf(command);
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const word = argv[index] as string;
    if (!word.startsWith('--') || word === '--') {
      positionals.push(word);
      continue;
    }
    const [name, inline] = splitFlag(word.slice(2));
    const spec = known[name];
    if (!spec) {
      throw new UsageError(
        `unknown flag --${name} for /${command.name}${didYouMean(name, Object.keys(known), '--')}`,
      );
    }
    if (spec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[index + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value (${spec.value ?? 'text'})`);
    }
    if (inline === undefined) index += 1;
    flags[name] = value;
  }
  const expected = command.arguments ?? [];
  if (!flags.help) {
    if (positionals.length > expected.length) {
      const extra = positionals.slice(expected.length).join(' ');
      throw new UsageError(
        expected.length === 0
          ? `/${command.name} takes no arguments, got "${extra}"`
          : `/${command.name} takes at most ${expected.map((argument) => `<${argument.name}>`).join(' ')}; "${extra}" is one too many`,
      );
    }
    const missing = expected.slice(positionals.length).find((argument) => argument.required);
    if (missing) throw new UsageError(`/${command.name} needs <${missing.name}>: ${missing.description}`);
  }
  return { flags, positionals };
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals === -1 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

/** A string flag's value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole number flag, checked: `--limit 20`. */
export function numberFlag(
  args: ParsedArgs,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(
      `--${name}: expected a whole number from ${range.min} to ${range.max}, got "${text}"`,
    );
  }
  return value;
}

/** One of `choices`: `--level warn`; anything else is refused with the nearest. */
export function choiceFlag<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
): T | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(
    `--${name}: expected ${choices.join(', ')}, got "${text}"${didYouMean(text, choices)}`,
  );
}

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration flag (`--since 15m`, `--expires-in 30d`) in milliseconds. */
export function durationFlag(args: ParsedArgs, name: string): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const match = DURATION.exec(text);
  if (!match)
    throw new UsageError(`--${name}: expected a duration such as 30s, 15m, 12h or 7d, got "${text}"`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/**
 * A schema's refusal in the flags' words: each issue named by the flag that fills its field
 * (`--from: expected an ISO 8601 time`); `fields` maps each flag to the field it fills.
 */
export function flagRefusal(error: z.ZodError, fields: Readonly<Record<string, string>>): UsageError {
  const flagOf = (field: unknown) =>
    Object.entries(fields).find(([, name]) => name === field)?.[0] ?? String(field);
  return new UsageError(
    error.issues.map((issue) => `--${flagOf(issue.path[0])}: ${issue.message}`).join('; '),
  );
}
