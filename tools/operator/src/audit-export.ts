import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { MessageBus } from '@proxmox-mpc/bus';
import { AUDIT_SEARCH_MAX_LIMIT, AuditSearchRequestSchema, Subjects } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { operatorNatsUrl } from './operator-credentials';

const USAGE = `usage: npm run audit:export -- [--correlation-id <id>] [--actor <actor id>]
                            [--from <ISO time>] [--to <ISO time>] [--out <file>]
  Writes the audit log rows that match every filter given, oldest first, one JSON object
  per line (JSON Lines, for a SIEM), to --out or to stdout; progress goes to stderr.
  NATS_URL names the bus (default: the platform npm start runs).
  exit: 0 written, 1 the audit service failed or did not answer, 2 usage`;

// Each flag and the field of the search it fills, so a refusal names the flag.
const FLAGS = {
  'correlation-id': 'correlationId',
  actor: 'actorId',
  from: 'from',
  to: 'to',
} as const;
// The audit service may take a while on a page of large rows from a big log.
const PAGE_TIMEOUT_MS = 60_000;

const OPTIONS = {
  'correlation-id': { type: 'string' },
  actor: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean' },
} as const;

class UsageError extends Error {}

function readArgs() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    // An unknown flag, a flag without its value, a stray argument.
    throw new UsageError((error as Error).message);
  }
}

/** The search the flags ask for, checked against the query's own schema. */
function parseFlags(): { request: Record<string, string>; out: string | undefined } | 'help' {
  const values = readArgs();
  if (values.help) return 'help';
  const request = Object.fromEntries(
    Object.entries(FLAGS).flatMap(([flag, field]) => {
      const value = values[flag as keyof typeof FLAGS];
      return value === undefined ? [] : [[field, value]];
    }),
  );
  const checked = AuditSearchRequestSchema.safeParse(request);
  if (!checked.success) {
    const flagOf = (field: unknown) => Object.entries(FLAGS).find(([, name]) => name === field)?.[0];
    throw new UsageError(
      checked.error.issues.map((issue) => `--${flagOf(issue.path[0])}: ${issue.message}`).join('; '),
    );
  }
  return { request, out: values.out };
}

/** Pages through `qry.audit.search` until no cursor is left, writing each page as it comes. */
async function main(): Promise<number> {
  const flags = parseFlags();
  if (flags === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const output = flags.out ? createWriteStream(flags.out) : process.stdout;
  if (flags.out) await once(output, 'open');
  const bus = await MessageBus.connect(
    { service: 'audit-export', natsUrl: operatorNatsUrl(), publishOnly: true },
    createLogger({ service: 'audit-export', level: 'silent' }),
  );
  const origin = {
    correlationId: `audit-export-${randomUUID()}`,
    actor: { kind: 'operator' as const, id: `operator:${userInfo().username}` },
  };
  let written = 0;
  try {
    let cursor: string | undefined;
    do {
      const page = await bus.query(
        Subjects.auditSearch,
        { ...flags.request, limit: AUDIT_SEARCH_MAX_LIMIT, ...(cursor ? { cursor } : {}) },
        origin,
        { timeoutMs: PAGE_TIMEOUT_MS },
      );
      if (
        page.rows.length > 0 &&
        !output.write(page.rows.map((row) => `${JSON.stringify(row)}\n`).join(''))
      ) {
        await once(output, 'drain');
      }
      written += page.rows.length;
      if (page.jaegerUrl && !cursor) process.stderr.write(`audit:export: trace ${page.jaegerUrl}\n`);
      cursor = page.nextCursor;
      if (cursor) process.stderr.write(`audit:export: ${written} rows so far…\n`);
    } while (cursor);
  } catch (error) {
    process.stderr.write(`audit:export: stopped after ${written} rows\n`);
    throw error;
  } finally {
    await bus.close();
    // Everything written reaches the file or pipe before the process exits.
    await new Promise<void>((resolve) => {
      if (flags.out) output.end(resolve);
      else process.stdout.write('', () => resolve());
    });
  }
  process.stderr.write(`audit:export: ${written} rows written to ${flags.out ?? 'stdout'}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:export: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
