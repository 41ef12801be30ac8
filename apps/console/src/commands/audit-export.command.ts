import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { AUDIT_SEARCH_MAX_LIMIT, AuditSearchRequestSchema, Subjects } from '@proxmox-mpc/contracts';
import { flagRefusal, stringFlag } from '../cli/arguments';
import type { CommandDefinition, ParsedArgs } from './command';

// Each flag and the field of the search it fills, so a refusal names the flag.
const FLAGS = { 'correlation-id': 'correlationId', actor: 'actorId', from: 'from', to: 'to' } as const;
// The audit service may take a while on a page of large rows from a big log.
const PAGE_TIMEOUT_MS = 60_000;

/** The search the flags ask for, checked against the query's own schema. */
function searchOf(args: ParsedArgs): Record<string, string> {
  const request = Object.fromEntries(
    Object.entries(FLAGS).flatMap(([flag, field]) => {
      const value = stringFlag(args, flag);
      return value === undefined ? [] : [[field, value]];
    }),
  );
  const checked = AuditSearchRequestSchema.safeParse(request);
  if (!checked.success) throw flagRefusal(checked.error, FLAGS);
  return request;
}

export const auditExportCommand: CommandDefinition = {
  name: 'audit-export',
  summary: 'Export audit log rows matching every filter, oldest first, as JSON Lines (for a SIEM).',
  flags: {
    'correlation-id': { kind: 'string', value: 'id', description: "one action's rows" },
    actor: { kind: 'string', value: 'actor id', description: "one actor's rows, e.g. token:agent" },
    from: { kind: 'string', value: 'ISO time', description: 'stored at or after' },
    to: { kind: 'string', value: 'ISO time', description: 'stored before' },
    out: { kind: 'string', value: 'file', description: 'write here instead of stdout' },
  },
  examples: [
    '/audit-export --correlation-id console-2b7f… --out action.jsonl',
    'npm run audit:export -- --actor token:agent',
  ],
  notes: ['Rows go to stdout (or --out), progress to stderr; exit code 1 when the audit service fails.'],
  async run(context, args) {
    const request = searchOf(args);
    const file = stringFlag(args, 'out');
    const output = file ? createWriteStream(file) : context.terminal.out;
    if (file) await once(output, 'open');
    const bus = await context.platform.bus();
    let written = 0;
    try {
      let cursor: string | undefined;
      do {
        const page = await bus.query(
          Subjects.auditSearch,
          { ...request, limit: AUDIT_SEARCH_MAX_LIMIT, ...(cursor ? { cursor } : {}) },
          context.origin(),
          { timeoutMs: PAGE_TIMEOUT_MS },
        );
        if (
          page.rows.length > 0 &&
          !output.write(page.rows.map((row) => `${JSON.stringify(row)}\n`).join(''))
        ) {
          await once(output, 'drain');
        }
        written += page.rows.length;
        if (page.jaegerUrl && !cursor) context.terminal.note(`audit-export: trace ${page.jaegerUrl}`);
        cursor = page.nextCursor;
        if (cursor) context.terminal.note(`audit-export: ${written} rows so far…`);
      } while (cursor && !context.signal.aborted);
    } catch (error) {
      context.terminal.note(`audit-export: stopped after ${written} rows`);
      throw error;
    } finally {
      if (file) await new Promise<void>((resolve) => output.end(resolve));
    }
    context.terminal.note(`audit-export: ${written} rows written to ${file ?? 'stdout'}`);
    // The rows are the output (JSON Lines, already printed): nothing more to print.
    return { ok: true, data: undefined, lines: [] };
  },
};
