import { writeFileSync } from 'node:fs';
import { arch, platform as osName, release } from 'node:os';
import { resolve } from 'node:path';
import { Subjects, type AuditEntry } from '@proxmox-mpc/contracts';
import { PLATFORM_VERSION } from '@proxmox-mpc/telemetry';
import { durationFlag, stringFlag } from '../cli/arguments';
import { recentLogs } from '../diagnostics/log-records';
import { readPlatformHealth } from '../diagnostics/platform-health';
import { scrubbed } from '../diagnostics/redaction';
import { describeLocation } from '../platform/platform-location';
import type { CommandContext, CommandDefinition } from './command';

const DEFAULT_WINDOW_MS = 24 * 3_600_000;
// Enough to see a pattern; a bundle stays small enough to attach to an issue.
const ERRORS_KEPT = 200;
const FAILURES_KEPT = 100;
const FAILURE_SUBJECTS = [Subjects.proxmoxOperationFailed, Subjects.iacFailed, Subjects.busMessageFailed];

/** The secrets the console itself holds (its NATS password or token), kept out of the bundle by value. */
function ownSecrets(natsUrl: string): string[] {
  try {
    const url = new URL(natsUrl);
    return [decodeURIComponent(url.password), decodeURIComponent(url.username)].filter(
      (part) => part.length >= 8,
    );
  } catch {
    return [];
  }
}

/** Each section on its own: one the platform cannot give is recorded as a problem, not a failed bundle. */
async function section<T>(problems: string[], name: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    problems.push(`${name}: ${(error as Error).message}`);
    return undefined;
  }
}

async function failedOperations(context: CommandContext, since: Date): Promise<AuditEntry[]> {
  const bus = await context.platform.bus();
  const pages = await Promise.all(
    FAILURE_SUBJECTS.map((type) =>
      bus.query(
        Subjects.auditSearch,
        { type, from: since.toISOString(), limit: FAILURES_KEPT },
        context.origin(),
      ),
    ),
  );
  return pages
    .flatMap((page) => page.rows)
    .sort((a, b) => a.chainSeq - b.chainSeq)
    .slice(-FAILURES_KEPT);
}

export const reportIssueCommand: CommandDefinition = {
  name: 'report-issue',
  summary:
    'Write a diagnostic bundle for a bug report: versions, settings and health, recent errors, failures, lag. No secrets.',
  flags: {
    out: {
      kind: 'string',
      value: 'file',
      description: 'where to write it (default: ./proxmox-mpc-report-<time>.json)',
    },
    since: {
      kind: 'string',
      value: 'duration',
      description: 'how far back errors and failures go (default 24h)',
    },
  },
  examples: ['/report-issue', 'proxmox-mpc report-issue --since 2h --out /tmp/mpc-report.json'],
  notes: [
    'Secrets never go in: services send their settings with secrets and URL credentials removed, and',
    'the console scrubs the whole bundle again (secret-named fields, bearer and Proxmox tokens, API',
    'tokens, URL credentials, its own NATS credentials). The file is written readable by you only (0600).',
  ],
  async run(context, args) {
    const since = new Date(Date.now() - (durationFlag(args, 'since') ?? DEFAULT_WINDOW_MS));
    const out = resolve(
      stringFlag(args, 'out') ?? `proxmox-mpc-report-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    const location = context.platform.location();
    const bus = await context.platform.bus();
    const problems: string[] = [];
    const [health, targets, errors, mcpFailures, auditFailures] = await Promise.all([
      section(problems, 'health', () => readPlatformHealth(context, { includeConfig: true })),
      section(
        problems,
        'clusters',
        async () => (await bus.query(Subjects.proxmoxTargetsList, {}, context.origin())).targets,
      ),
      section(problems, 'recent errors', () =>
        recentLogs(bus, { minLevel: 'error', since }, ERRORS_KEPT, context.signal),
      ),
      section(
        problems,
        'failed MCP operations',
        async () =>
          (await bus.query(Subjects.mcpOperationsList, { status: 'failed' }, context.origin())).operations,
      ),
      section(problems, 'failures in the audit log', () => failedOperations(context, since)),
    ]);
    const bundle = scrubbed(
      {
        bundle: 'proxmox-mpc diagnostic report',
        createdAt: new Date().toISOString(),
        createdBy: context.platform.operator.id,
        window: { since: since.toISOString() },
        console: {
          version: PLATFORM_VERSION,
          node: process.version,
          os: `${osName()} ${release()} ${arch()}`,
          platform: describeLocation(location),
        },
        versions: Object.fromEntries(
          (health?.services ?? []).map((service) => [
            service.service,
            [...new Set(service.replicas.map((replica) => replica.version))],
          ]),
        ),
        health,
        clusters: targets,
        consumerLag: health?.consumers.filter((consumer) => consumer.pending > 0 || consumer.ackPending > 0),
        recentErrors: errors,
        failedOperations: { mcp: mcpFailures, audit: auditFailures },
        problems,
      },
      ownSecrets(location.natsUrl),
    );
    writeFileSync(out, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600 });
    const summary = {
      path: out,
      healthy: health?.ok ?? false,
      recentErrors: errors?.length ?? 0,
      failedOperations: (mcpFailures?.length ?? 0) + (auditFailures?.length ?? 0),
      problems,
    };
    return {
      ok: true,
      data: summary,
      lines: [
        `wrote ${out}`,
        `  platform ${summary.healthy ? 'healthy' : 'UNHEALTHY'}, ${summary.recentErrors} errors logged and ${summary.failedOperations} failures since ${since.toISOString()}`,
        ...problems.map((problem) => `  not included: ${problem}`),
        'Attach it to the bug report; it holds no secrets (see /help report-issue).',
      ],
    };
  },
};
