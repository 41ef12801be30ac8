import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type AuditEntry, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import {
  freePort,
  pollUntil,
  runConsole,
  startServiceProcess,
  startTestInfrastructure,
  type ManagedProcess,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import { Client } from 'pg';

// More than one page (1,000 rows), so the export has to follow the cursor.
const EXPORTED = 1_050;
const action: Origin = { correlationId: 'export-spec', actor: { kind: 'agent', id: 'token:agent' } };
const other: Origin = { correlationId: 'someone-else', actor: { kind: 'agent', id: 'token:other' } };

/** `proxmox-mpc audit-export` (`npm run audit:export`) as an operator runs it: built, as a process, against a running audit service. */
describe('audit-export', () => {
  let infrastructure: TestInfrastructure;
  let audit: ManagedProcess;
  let bus: MessageBus;
  const outFile = join(tmpdir(), `audit-export-${process.pid}.jsonl`);

  const exportAudit = (...args: string[]) =>
    runConsole(['audit-export', ...args], { NATS_URL: infrastructure.natsUrl });
  const linesOf = (text: string): AuditEntry[] =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEntry);

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    audit = await startServiceProcess('audit', {
      ...process.env,
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      HTTP_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    });
    bus = await MessageBus.connect(
      { service: 'mcp-edge', natsUrl: infrastructure.natsUrl },
      createLogger({ service: 'export-spec', level: 'silent' }),
    );
    const called = (index: number) => ({
      tool: 'list_guests',
      transport: 'http' as const,
      arguments: { page: index },
      outcome: 'ok' as const,
      durationMs: index,
    });
    for (let start = 0; start < EXPORTED; start += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, EXPORTED - start) }, (_, offset) =>
          bus.publish(Subjects.mcpToolCalled, called(start + offset), action),
        ),
      );
    }
    for (const index of [1, 2, 3]) await bus.publish(Subjects.mcpToolCalled, called(index), other);
    const db = new Client({ connectionString: infrastructure.databaseUrl });
    await db.connect();
    try {
      await pollUntil(
        async () => (await db.query('SELECT count(*)::int AS count FROM audit.audit_messages')).rows[0].count,
        (count) => count >= EXPORTED + 3,
        30_000,
      );
    } finally {
      await db.end();
    }
  });

  afterAll(async () => {
    rmSync(outFile, { force: true });
    await bus?.close();
    await audit?.stop();
    await infrastructure?.stop();
  });

  it("should write a correlation id's rows as JSON Lines to stdout, page after page, with progress on stderr", async () => {
    const run = await exportAudit('--correlation-id', action.correlationId);

    expect(run.code).toBe(0);
    const rows = linesOf(run.stdout);
    expect(rows).toHaveLength(EXPORTED);
    expect(rows.every((row) => row.correlationId === action.correlationId && row.outcome === 'ok')).toBe(
      true,
    );
    const order = rows.map((row) => row.chainSeq);
    expect(order).toEqual([...new Set(order)].sort((a, b) => a - b));
    expect(run.stderr).toContain('audit-export: 1000 rows so far…');
    expect(run.stderr).toContain(`audit-export: ${EXPORTED} rows written to stdout`);
  });

  it('should filter by actor and time into the --out file', async () => {
    const run = await exportAudit(
      '--actor',
      'token:other',
      '--from',
      '2020-01-01T00:00:00Z',
      '--out',
      outFile,
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const rows = linesOf(readFileSync(outFile, 'utf8'));
    expect(rows.map((row) => row.data)).toEqual(
      [1, 2, 3].map((index) => expect.objectContaining({ arguments: { page: index } })),
    );
    const none = await exportAudit('--actor', 'token:other', '--to', '2020-01-01T00:00:00Z');
    expect(none).toMatchObject({ code: 0, stdout: '' });
  });

  it('should refuse bad flags with exit code 2, naming the flag', async () => {
    const badTime = await exportAudit('--from', 'yesterday');
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--from: expected an ISO 8601 time');

    const reversed = await exportAudit('--from', '2025-02-01T00:00:00Z', '--to', '2025-01-01T00:00:00Z');
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('--to: must be later than from');

    const unknown = await exportAudit('--subject', 'cmd.>');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown flag --subject for /audit-export');
    expect(unknown.stderr).toContain('see /help audit-export');
  });

  it('should exit 1 and say why when the audit service does not answer', async () => {
    await audit.stop();

    const run = await exportAudit('--actor', 'token:other');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no service is answering qry\.audit\.search/);
  });
});
