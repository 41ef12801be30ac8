import { PLATFORM_SERVICES } from '@proxmox-mpc/contracts';
import { choiceFlag, durationFlag, numberFlag, stringFlag } from '../cli/arguments';
import type { Colours } from '../cli/colours';
import { clockTime } from '../cli/format';
import { followLogs, LEVELS, recentLogs, type Level, type LogRecord } from '../diagnostics/log-records';

import type { CommandDefinition } from './command';

const DEFAULT_SINCE_MS = 15 * 60_000;
const DEFAULT_LIMIT = 100;
// The fields every line shows anyway, or that only help a machine.
const SHOWN_ELSEWHERE = new Set(['time', 'level', 'service', 'msg', 'pid', 'hostname', 'span_id']);

function levelText(level: Level, colours: Colours): string {
  const text = level.toUpperCase().padEnd(5);
  if (level === 'error' || level === 'fatal') return colours.red(text);
  if (level === 'warn') return colours.yellow(text);
  return level === 'info' ? colours.green(text) : colours.dim(text);
}

/** A field's value on one line: an error as its type and message (the stack is in --json). */
function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  const error = value as { type?: unknown; message?: unknown } | null;
  if (error && typeof error.message === 'string') return `${String(error.type ?? 'Error')}: ${error.message}`;
  return JSON.stringify(value);
}

/** `12:03:44.120 WARN  proxmox-agent  message  key=value …` */
export function logLine(record: LogRecord, colours: Colours): string {
  const extra = Object.entries(record)
    .filter(([key]) => !SHOWN_ELSEWHERE.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`)
    .join(' ');
  const time = clockTime(record.time) + (record.time.match(/\.\d{3}/)?.[0] ?? '');
  return `${colours.dim(time)} ${levelText(record.level, colours)} ${record.service.padEnd(13)} ${record.msg ?? ''}${extra ? ` ${colours.dim(extra)}` : ''}`;
}

export const logsCommand: CommandDefinition = {
  name: 'logs',
  summary: 'Recent log records of every service (from the LOG stream), filtered; --follow for new ones.',
  flags: {
    service: { kind: 'string', value: 'service', description: 'only this service', complete: 'services' },
    level: {
      kind: 'string',
      value: 'level',
      description: 'this level and worse (default info)',
      complete: LEVELS,
    },
    'correlation-id': { kind: 'string', value: 'id', description: "only one user action's records" },
    since: {
      kind: 'string',
      value: 'duration',
      description: 'how far back, e.g. 30s, 15m, 12h (default 15m)',
    },
    limit: { kind: 'string', value: 'n', description: `the newest n records (default ${DEFAULT_LIMIT})` },
    follow: { kind: 'boolean', description: 'then print new records as they come, until Ctrl-C' },
  },
  examples: [
    '/logs --level warn',
    '/logs --service proxmox-agent --since 1h',
    '/logs --correlation-id console-5f0c… --follow',
  ],
  notes: [
    'Every service ships its records (the same JSON as its stdout, secrets redacted) to the JetStream',
    'stream LOG (log.<service>.<level>, kept a day, at most 256 MiB), so this works wherever the platform',
    'runs. --json prints the records as a JSON array; with --follow, one JSON record per line.',
  ],
  async run(context, args) {
    const service = stringFlag(args, 'service');
    const filter = {
      ...(service ? { service } : {}),
      minLevel: choiceFlag(args, 'level', LEVELS) ?? 'info',
      ...(stringFlag(args, 'correlation-id') ? { correlationId: stringFlag(args, 'correlation-id') } : {}),
    };
    const since = new Date(Date.now() - (durationFlag(args, 'since') ?? DEFAULT_SINCE_MS));
    const limit = numberFlag(args, 'limit', { min: 1, max: 100_000 }) ?? DEFAULT_LIMIT;
    if (service && !(PLATFORM_SERVICES as readonly string[]).includes(service)) {
      context.terminal.note(
        `note: "${service}" is not one of the platform's services (${PLATFORM_SERVICES.join(', ')})`,
      );
    }
    const bus = await context.platform.bus();
    const { colours } = context.terminal;
    const records = await recentLogs(bus, { ...filter, since }, limit, context.signal);
    if (!args.flags.follow) {
      return {
        ok: true,
        data: records,
        lines: records.length
          ? records.map((record) => logLine(record, colours))
          : [
              `no records${service ? ` of ${service}` : ''} at ${filter.minLevel} or worse since ${since.toISOString()}`,
            ],
      };
    }
    // Following streams as it goes: what is printed is the result, so nothing is returned to print.
    const print = (record: LogRecord) =>
      context.terminal.print(context.json ? JSON.stringify(record) : logLine(record, colours));
    for (const record of records) print(record);
    context.terminal.note(colours.dim('-- following; Ctrl-C stops --'));
    await followLogs(bus, filter, context.signal, print);
    return { ok: true, data: undefined, lines: [] };
  },
};
