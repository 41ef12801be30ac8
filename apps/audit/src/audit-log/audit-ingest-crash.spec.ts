import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { openDataSource } from '@proxmox-mpc/persistence';
import { createLogger } from '@proxmox-mpc/telemetry';
import {
  freePort,
  pollUntil,
  startServiceProcess,
  startTestInfrastructure,
  type ManagedProcess,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { PostgresAuditLogStore } from './postgres-audit-log.store';

const BURST = 4_000;
// Killed once this many rows are in: well into the burst, long before its end.
const KILL_AFTER_ROWS = 500;
const origin: Origin = { correlationId: 'crash-spec', actor: { kind: 'agent', id: 'token:agent' } };

/**
 * The built audit service as a process, killed with SIGKILL in the middle of a burst
 * and started again: batched writes with the ack after the commit lose nothing and
 * record nothing twice, and the chain has no gap.
 */
describe('audit ingest across a crash', () => {
  let infrastructure: TestInfrastructure;
  let bus: MessageBus;
  let dataSource: DataSource;
  let audit: ManagedProcess | undefined;

  const startAudit = async () =>
    startServiceProcess('audit', {
      ...process.env,
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      HTTP_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    });
  const recorded = async (): Promise<number> =>
    (await dataSource.query(`SELECT count(*)::int AS count FROM audit_messages`))[0].count;

  const waitForRows = (count: number, timeoutMs: number): Promise<number> =>
    pollUntil(recorded, (rows) => rows >= count, timeoutMs);

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    audit = await startAudit();
    // The service has migrated the schema by now.
    dataSource = await openDataSource({ url: infrastructure.databaseUrl, schema: 'audit', migrations: [] });
    bus = await MessageBus.connect(
      { service: 'crash-spec', natsUrl: infrastructure.natsUrl },
      createLogger({ service: 'crash-spec', level: 'silent' }),
    );
  });

  afterAll(async () => {
    await bus?.close();
    await audit?.stop();
    await dataSource?.destroy();
    await infrastructure?.stop();
  });

  it('should hold every published message exactly once, with a whole chain, after a kill -9 mid-burst', async () => {
    const published: string[] = [];
    const publishing = (async () => {
      for (let start = 0; start < BURST; start += 100) {
        const envelopes = await Promise.all(
          Array.from({ length: 100 }, (_, offset) =>
            bus.publish(
              Subjects.proxmoxOperationProgress,
              {
                operation: 'clone',
                vmid: 100 + ((start + offset) % 50),
                step: 'clone',
                stepIndex: 1,
                stepCount: 1,
                message: `event ${start + offset}`,
                elapsedMs: start + offset,
              },
              origin,
            ),
          ),
        );
        published.push(...envelopes.map((envelope) => envelope.id));
      }
    })();

    const atKill = await waitForRows(KILL_AFTER_ROWS, 30_000);
    await audit?.kill();
    const publishedAtKill = published.length;
    audit = await startAudit();
    await publishing;
    // Messages the killed process held unacknowledged come back after JetStream's ack wait (30 s).
    await waitForRows(BURST, 90_000);

    expect(atKill).toBeGreaterThanOrEqual(KILL_AFTER_ROWS);
    expect(publishedAtKill).toBeLessThan(BURST);
    const rows: Array<{ message_id: string; chain_seq: string }> = await dataSource.query(
      `SELECT message_id, chain_seq FROM audit_messages ORDER BY chain_seq`,
    );
    expect(rows.map((row) => row.message_id).sort()).toEqual([...published].sort());
    expect(rows.map((row) => Number(row.chain_seq))).toEqual(rows.map((_, index) => index + 1));
    expect(await new PostgresAuditLogStore(dataSource).checkChain()).toEqual({ rows: BURST });
  }, 150_000);
});
