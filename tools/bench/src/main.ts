import { cpus } from 'node:os';
import { benchAccessOverhead } from './access-overhead';
import { benchAuditIngest } from './audit-ingest';
import { runChaos, summariseChaos } from './chaos';
import { benchKnowledge } from './knowledge';
import { benchLargeScenario } from './large-scenario';
import { PVE_DOCS_MISSING } from '@proxmox-mpc/testing';
import { formatTable } from './load';
import { benchToolLatency } from './tool-latency';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** Every benchmark, each on a platform of its own (own NATS, fresh database), never a running one. */
async function main(): Promise<void> {
  say(`proxmox-mpc bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
  if (process.argv[2] === 'audit') return benchAudit();
  if (process.argv[2] === 'chaos') return benchChaos();
  if (process.argv[2] === 'knowledge') return benchKnowledgeService();

  const latency = await benchToolLatency(DURATION_MS);
  say(`each row: ${DURATION_MS / 1000} s of calls after 20 warm-up calls per worker\n`);
  say(
    formatTable(
      'list_guests tool call: MCP (Streamable HTTP) → mcp-edge → NATS → proxmox-agent → inventory',
      latency.throughMcp,
    ),
  );
  say('');
  say(
    formatTable(
      'the same query from a NATS client: qry.proxmox.guests.list → proxmox-agent → inventory',
      latency.throughBus,
    ),
  );
  say('');
  say(
    formatTable('floor: GET /cluster/resources?type=vm straight to the simulator (homelab)', latency.floor),
  );
  say('');

  const access = await benchAccessOverhead(DURATION_MS);
  say(formatTable('list_guests through MCP, authentication and rate limits OFF (MCP_AUTH=none)', access.off));
  say('');
  say(
    formatTable(
      'list_guests through MCP, ON: an API token looked up in PostgreSQL per request, rate limits and call cap counting',
      access.on,
    ),
  );
  say('');

  const { sync, power, iac } = await benchLargeScenario(say);
  say('');
  say(`inventory sync, large scenario (${sync.guests} guests, 20 nodes):`);
  say(`  full         ${sync.fullSeconds.toFixed(1).padStart(6)} s   (${sync.fullConfigsRead} configs read)`);
  say(
    `  incremental  ${sync.incrementalSeconds.toFixed(1).padStart(6)} s   (${sync.incrementalConfigsRead} configs re-read)`,
  );
  say(`  proxmox-agent peak RSS ${sync.agentPeakRssMiB ?? '?'} MiB`);
  say('');
  say(
    `power operations through MCP (start, followed to the end of a 200 ms task), concurrency ${power.concurrency}:\n` +
      `  ${power.operations} operations, ${power.operationsPerSecond.toFixed(1)} ops/s, ` +
      `p50 ${power.p50Ms.toFixed(0)} / p95 ${power.p95Ms.toFixed(0)} / p99 ${power.p99Ms.toFixed(0)} ms, ${power.errors} errors`,
  );
  say('');
  say(
    `IaC import, large scenario (${iac.guests} guests → ${iac.files} files, ${(iac.bytes / 1024 ** 2).toFixed(1)} MiB):`,
  );
  say(`  import (export, generate, write, commit)  ${iac.importSeconds.toFixed(1).padStart(6)} s`);
  say(`  re-import, byte-identical                 ${iac.reimportSeconds.toFixed(1).padStart(6)} s`);
  say(`  import → test-runner verdict (${iac.testStatus})   ${iac.testedSeconds.toFixed(1).padStart(6)} s`);
  say(
    `  peak RSS: iac-generator ${iac.generatorPeakRssMiB ?? '?'} MiB, test-runner ${iac.testRunnerPeakRssMiB ?? '?'} MiB`,
  );
  say('');
  await benchAudit();
  say('');
  await benchKnowledgeService();
  say('');
  await benchChaos();
}

/** Also runs alone: `npm run bench -- knowledge`. */
async function benchKnowledgeService(): Promise<void> {
  const knowledge = await benchKnowledge(DURATION_MS);
  if (!knowledge) {
    say(`knowledge: skipped: ${PVE_DOCS_MISSING}`);
    return;
  }
  say(
    `knowledge: the Proxmox VE admin guide, ${knowledge.files} files → ${knowledge.chunks} chunks, embedder ${knowledge.embedder}`,
  );
  say(`  ingest, every file changed   ${knowledge.changedSeconds.toFixed(2).padStart(6)} s`);
  say(`  ingest, nothing changed      ${knowledge.unchangedSeconds.toFixed(2).padStart(6)} s`);
  say(`  refit of the model           ${knowledge.refitSeconds.toFixed(2).padStart(6)} s`);
  say('  retrieval on the labelled questions (dev.jsonl):  Recall@5  Recall@10  MRR@10');
  for (const [mode, score] of Object.entries(knowledge.scores))
    say(
      `    ${mode.padEnd(46)} ${score.recallAt5.toFixed(3).padStart(8)} ${score.recallAt10.toFixed(3).padStart(10)} ${score.mrrAt10.toFixed(3).padStart(7)}`,
    );
  say(formatTable('qry.rag.search (hybrid, k=10) from a bus client', knowledge.queries));
}

/** Also runs alone: `npm run bench -- chaos`. */
async function benchChaos(): Promise<void> {
  say('chaos: steady tool calls (4 workers) under npm start while each part is killed with SIGKILL in turn');
  const chaos = await runChaos({ say });
  for (const line of summariseChaos(chaos)) say(line);
}

/** Also runs alone: `npm run bench -- audit`. */
async function benchAudit(): Promise<void> {
  const audit = await benchAuditIngest();
  say(
    `audit ingest, hash-chained, working off a backlog of ${audit.events} events: ` +
      `${audit.eventsPerSecond.toFixed(0)} events/s (${audit.seconds.toFixed(2)} s from the first rows to the last)`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
