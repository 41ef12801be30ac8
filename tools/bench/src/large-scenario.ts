import { Subjects, type InventorySynced } from '@proxmox-mpc/contracts';
import { EventRecorder, pollUntil } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import { BenchPlatform } from './bench-platform';
import { BENCH_CLIENT, percentileSummary, type LatencySummary } from './load';
import { cpuMs } from './process-cpu';
import { benchImport, type ImportFigures } from './iac-import';
import { peakRssMiB } from './peak-memory';
import { cpuSecondsBetween, readCpu, type CpuReading } from './scenario-cpu';

export interface SyncFigures {
  guests: number;
  fullSeconds: number;
  fullConfigsRead: number;
  incrementalSeconds: number;
  incrementalConfigsRead: number;
  /** From the full sync's event until rag's index held a document for every guest; undefined if it did not within 5 min. */
  knowledgeSeconds: number | undefined;
  agentPeakRssMiB: number | undefined;
}

/** CPU seconds per process (and in PostgreSQL for its queries): to the full sync's end, and after it. */
export interface ScenarioCpu {
  untilSynced: ReturnType<typeof cpuSecondsBetween>;
  afterwards: ReturnType<typeof cpuSecondsBetween>;
}

export interface PowerFigures extends LatencySummary {
  concurrency: number;
  operations: number;
  operationsPerSecond: number;
  errors: number;
}

const SYNC_INTERVAL_MS = 10_000;
const POWER_OPERATIONS = 160;
const POWER_CONCURRENCY = 16;

/**
 * The 10,000-guest scenario: how long the agent's first full inventory sync and the
 * next incremental one take, its peak memory, and then power operations through MCP
 * at a concurrency of 16 (each a start of a different stopped guest, followed to the
 * end of its Proxmox task).
 */
export async function benchLargeScenario(
  log: (line: string) => void,
): Promise<{ sync: SyncFigures; power: PowerFigures; iac: ImportFigures; cpu: ScenarioCpu }> {
  log('starting the platform with the large scenario (20 nodes, 10,000 guests)…');
  // The bench client may have run other benchmarks already: it counts from here, and the
  // services, started below, from their start.
  const atStart: CpuReading = {
    processes: new Map([[BENCH_CLIENT, cpuMs(process.pid) ?? 0]]),
    backends: new Map(),
  };
  const bench = await BenchPlatform.start({
    simulator: { scenario: 'large', taskDurationMs: 200 },
    env: { PVE_SYNC_INTERVAL_MS: String(SYNC_INTERVAL_MS), MCP_TOOL_TIMEOUT_MS: '120000' },
  });
  const events = await EventRecorder.start(bench.infrastructure.natsUrl, Subjects.proxmoxInventorySynced);
  const database = new Client({ connectionString: bench.database.url });
  await database.connect();
  try {
    const synced = (mode: InventorySynced['mode']) =>
      events.waitFor((message) => (message.envelope.data as InventorySynced).mode === mode, 600_000);
    const full = (await synced('full')).envelope.data as InventorySynced;
    // From each process's start: the services' start-ups are part of the first phase.
    const atSync: CpuReading = await readCpu(bench.watchedProcesses(), database);
    log(`full sync: ${full.guests} guests in ${(full.durationMs / 1000).toFixed(1)} s`);
    const knowledge = knowledgeCaughtUp(bench, full.guests);
    // Awaited at the end; marked handled now, so a failure waits for that instead of ending the process.
    knowledge.catch(() => undefined);
    const incremental = (await synced('incremental')).envelope.data as InventorySynced;
    const sync: Omit<SyncFigures, 'knowledgeSeconds'> = {
      guests: full.guests,
      fullSeconds: full.durationMs / 1000,
      fullConfigsRead: full.configsRead,
      incrementalSeconds: incremental.durationMs / 1000,
      incrementalConfigsRead: incremental.configsRead,
      agentPeakRssMiB: peakRssMiB(bench.platform.processes.get('proxmox-agent')?.pid),
    };

    const stopped = (bench.platform.simulator?.state.guests() ?? [])
      .filter((guest) => guest.status === 'stopped' && guest.config.template !== '1')
      .slice(0, POWER_OPERATIONS);
    const clients = await bench.clients(POWER_CONCURRENCY);
    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        for (let index = next++; index < stopped.length; index = next++) {
          const before = performance.now();
          const result = await client.callTool({
            name: 'power_guest',
            arguments: { guest: stopped[index]?.vmid, action: 'start' },
          });
          const status = (result.structuredContent as { status?: string } | undefined)?.status;
          if (result.isError || status !== 'completed') errors += 1;
          else latencies.push(performance.now() - before);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await Promise.all(clients.map((client) => client.close()));
    log('importing the cluster into a workspace…');
    const iac = await benchImport(bench);
    // Awaited last, so the power operations and the import run in the sync's aftermath as before.
    const knowledgeSeconds = await knowledge;
    const atEnd = await readCpu(bench.watchedProcesses(), database);
    return {
      sync: { ...sync, knowledgeSeconds },
      iac,
      cpu: {
        untilSynced: cpuSecondsBetween(atStart, atSync),
        afterwards: cpuSecondsBetween(atSync, atEnd),
      },
      power: {
        concurrency: POWER_CONCURRENCY,
        operations: stopped.length,
        operationsPerSecond: latencies.length / elapsed,
        errors,
        ...percentileSummary(latencies),
      },
    };
  } finally {
    await database.end();
    await events.stop();
    await bench.stop();
  }
}

/**
 * Seconds until rag's index holds a document for each of `guests` guests, read from its
 * tables: every guest event of a full sync is written there after the sync, and the
 * work competes with everything measured in its aftermath.
 */
async function knowledgeCaughtUp(bench: BenchPlatform, guests: number): Promise<number | undefined> {
  const started = performance.now();
  const database = new Client({ connectionString: bench.database.url });
  await database.connect();
  try {
    const indexed = async () =>
      Number(
        (
          await database.query<{ count: string }>(
            `SELECT count(*) FROM rag.knowledge_documents WHERE kind = 'inventory'`,
          )
        ).rows[0]?.count,
      );
    const count = await pollUntil(indexed, (count) => count >= guests, 300_000, 250);
    return count >= guests ? (performance.now() - started) / 1000 : undefined;
  } finally {
    await database.end();
  }
}
