import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { freePort, startServiceProcess } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import { BenchPlatform } from './bench-platform';

// A backlog of 5,000 is worked off in about a second, much of it before the JIT has warmed
// up; BENCH_AUDIT_EVENTS=20000 measures the steady rate.
const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 5_000);
const PUBLISHES_AT_ONCE = 250;
const ORIGIN: Origin = { correlationId: 'bench-audit', actor: { kind: 'agent', id: 'token:bench' } };

export interface AuditIngestFigures {
  events: number;
  /** From the first rows of the backlog seen in the table to the last. */
  seconds: number;
  eventsPerSecond: number;
}

/**
 * The audit service working off a backlog: 5,000 (BENCH_AUDIT_EVENTS) tool-call events stored in JetStream
 * while it was stopped, then the time from its first row to its last, every one hashed
 * into the chain. Measured from the table, so the service's start-up is not counted.
 */
export async function benchAuditIngest(): Promise<AuditIngestFigures> {
  const bench = await BenchPlatform.start();
  const db = new Client({ connectionString: bench.database.url });
  const bus = await MessageBus.connect(
    { service: 'mcp-edge', natsUrl: bench.infrastructure.natsUrl },
    createLogger({ service: 'bench-audit', level: 'silent' }),
  );
  try {
    await db.connect();
    // The chain's last place, read from its unique index: the chain has no gaps, so it counts
    // the rows without the scan a count(*) makes 100 times a second on the cores it measures.
    const recorded = async (): Promise<number> =>
      (await db.query('SELECT coalesce(max(chain_seq), 0)::int AS count FROM audit.audit_messages')).rows[0]
        .count;
    await bench.platform.processes.get('audit')?.stop();
    const before = await recorded();
    for (let start = 0; start < EVENTS; start += PUBLISHES_AT_ONCE) {
      await Promise.all(
        Array.from({ length: PUBLISHES_AT_ONCE }, (_, offset) =>
          bus.publish(
            Subjects.mcpToolCalled,
            {
              tool: 'get_guest',
              transport: 'http',
              arguments: { guest: `pve1/web-${start + offset}` },
              outcome: 'ok',
              durationMs: 12,
            },
            ORIGIN,
          ),
        ),
      );
    }
    let failure: unknown;
    const restarted = startServiceProcess('audit', {
      ...process.env,
      NATS_URL: bench.infrastructure.natsUrl,
      DATABASE_URL: bench.database.url,
      HTTP_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    }).catch((error: unknown) => {
      failure = error;
      return undefined;
    });
    // Watched while the service starts: its consumers begin before its health check answers.
    const deadline = performance.now() + 60_000;
    let first: { at: number; rows: number } | undefined;
    let rows = before;
    while (rows < before + EVENTS) {
      if (failure) throw failure;
      if (performance.now() > deadline)
        throw new Error(`audit recorded ${rows - before} of ${EVENTS} in 60 s`);
      rows = await recorded();
      if (first === undefined && rows > before) first = { at: performance.now(), rows };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seconds = (performance.now() - (first?.at ?? 0)) / 1000;
    const audit = await restarted;
    if (audit) bench.platform.processes.set('audit', audit);
    // The rows already there when the first were seen were written before the clock started.
    return { events: EVENTS, seconds, eventsPerSecond: (rows - (first?.rows ?? before)) / seconds };
  } finally {
    await db.end();
    await bus.close();
    await bench.stop();
  }
}
