import {
  AUDIT_SEARCH_MAX_LIMIT,
  CorrelationIdSchema,
  Subjects,
  type AuditEntry,
} from '@proxmox-mpc/contracts';
import { CommandFailed, UsageError } from '../cli/errors';
import { renderTable } from '../cli/table';
import type { CommandDefinition } from './command';

// One action rarely has more than a few hundred messages; an import of 10,000 guests has more.
const MAX_PAGES = 10;

/** What a recorded message says in a few words: its outcome, its error, or its guest. */
function gist(row: AuditEntry): string {
  const data = (row.data ?? {}) as Record<string, unknown>;
  if (typeof data.message === 'string') return data.message;
  if (row.outcome)
    return `${String(data.tool ?? '')} ${row.outcome}${row.durationMs === undefined ? '' : ` in ${row.durationMs} ms`}`;
  if (typeof data.step === 'string') return `${data.step} ${data.stepIndex}/${data.stepCount}`;
  if (typeof data.done === 'number')
    return `${String(data.phase ?? 'progress')} ${data.done}/${String(data.total)}`;
  if (row.guest?.vmid) return `guest ${row.guest.vmid}${row.guest.name ? ` (${row.guest.name})` : ''}`;
  return typeof data.summary === 'string' ? data.summary : '';
}

export const traceCommand: CommandDefinition = {
  name: 'trace',
  summary:
    "One user action's timeline from the audit log, every service's messages in order, with its Jaeger link.",
  arguments: [
    {
      name: 'correlation-id',
      description: 'the action: from a tool result, a console command or /logs',
      required: true,
    },
  ],
  examples: ['/trace console-2b7f0c6e-3c59-4a7e-9d1e-8f2a1b3c4d5e'],
  notes: ['Exit code 1 when the audit log has nothing under that id.'],
  async run(context, args) {
    const correlationId = args.positionals[0] as string;
    if (!CorrelationIdSchema.safeParse(correlationId).success) {
      throw new UsageError(
        `"${correlationId}" is not a correlation id: expected 1-128 letters, digits or . _ : -`,
      );
    }
    const bus = await context.platform.bus();
    const rows: AuditEntry[] = [];
    let jaegerUrl: string | undefined;
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const found = await bus.query(
        Subjects.auditSearch,
        { correlationId, limit: AUDIT_SEARCH_MAX_LIMIT, ...(cursor ? { cursor } : {}) },
        context.origin(),
      );
      rows.push(...found.rows);
      jaegerUrl ??= found.jaegerUrl;
      cursor = found.nextCursor;
      if (!cursor) break;
    }
    if (rows.length === 0)
      throw new CommandFailed(`the audit log has no messages with correlation id ${correlationId}`);
    const start = Date.parse(rows[0]?.storedAt ?? '');
    const { colours, width } = context.terminal;
    return {
      ok: true,
      data: { correlationId, jaegerUrl, rows, complete: cursor === undefined },
      lines: [
        `${colours.bold(correlationId)}: ${rows.length} messages${cursor ? ` (the first ${rows.length}; more in the audit log)` : ''}, ` +
          `from ${rows[0]?.storedAt} over ${Date.parse(rows.at(-1)?.storedAt ?? '') - start} ms`,
        `trace: ${jaegerUrl ?? colours.dim('no Jaeger link (the audit service has no JAEGER_URL, or the action carried no trace)')}`,
        '',
        ...renderTable(
          [
            { header: '+MS', align: 'right' },
            { header: 'FROM' },
            { header: 'SUBJECT' },
            { header: 'ACTOR' },
            { header: 'WHAT', shrink: true },
          ],
          rows.map((row) => [
            String(Date.parse(row.storedAt) - start),
            row.source ?? '?',
            row.valid ? row.subject : colours.red(`${row.subject} (invalid)`),
            row.actor?.id ?? '',
            gist(row),
          ]),
          width,
        ),
      ],
    };
  },
};
