import { cpus } from 'node:os';
import { benchAccessOverhead } from './access-overhead';
import { benchAuditIngest } from './audit-ingest';
import { runChaos, summariseChaos } from './chaos';
import { benchKnowledge } from './knowledge';
import { benchLargeScenario } from './large-scenario';
import { describeCpuSeconds } from './scenario-cpu';
import { PVE_DOCS_MISSING } from '@proxmox-mpc/testing';
import { describeCpuPerCall, formatTable, LOAD_WARMUP_MS } from './load';
import { benchManyClients } from './many-clients';
import { describePairedRatio, pairedRatios } from './paired-ratio';
import { benchToolLatency, RATIO_ROUNDS } from './tool-latency';
import { benchWebConsole } from './web-console';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const MANY_CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
/** A rate two replicas on two cores hold with p95 under 500 ms once warm; 300/s is about their CPU limit (docs/benchmarks.md). */
const MANY_CLIENTS_RATE = Number(process.env.BENCH_CLIENTS_RATE ?? 200);
const MANY_CLIENTS_DURATION_MS = Number(process.env.BENCH_CLIENTS_DURATION_MS ?? 20_000);
const MANY_CLIENTS_WARMUP_MS = Number(process.env.BENCH_CLIENTS_WARMUP_MS ?? 5_000);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

// The MCP client's transport passes one AbortSignal to every fetch, and undici lets go of
// each request's abort listener only when the request is garbage-collected: under load
// thousands are attached between collections, which is expected here, not a leak. undici
// sets that signal's own limit (1,500), so the default cannot be raised: the warning is
// left out of what the bench prints (hundreds of lines a row), and every other kept.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'MaxListenersExceededWarning')
    process.stderr.write(`${warning.stack ?? warning.message}\n`);
});

/** Every benchmark, each on a platform of its own (own NATS, fresh database), never a running one. */
async function main(): Promise<void> {
  say(`proxmox-mpc bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
  if (process.argv[2] === 'audit') return benchAudit();
  if (process.argv[2] === 'chaos') return benchChaos();
  if (process.argv[2] === 'knowledge') return benchKnowledgeService();
  if (process.argv[2] === 'mcp') return benchMcp();
  if (process.argv[2] === 'clients') return benchClients();
  if (process.argv[2] === 'large') return benchLarge();
  if (process.argv[2] === 'web') return benchWeb();

  await benchMcp();
  say('');
  await benchClients();
  say('');
  await benchAccess();
  say('');
  await benchLarge();
  say('');
  await benchAudit();
  say('');
  await benchKnowledgeService();
  say('');
  await benchWeb();
  say('');
  await benchChaos();
}

/** Also runs alone: `npm run bench -- mcp`. */
async function benchMcp(): Promise<void> {
  const latency = await benchToolLatency(DURATION_MS);
  say(
    `each row: ${DURATION_MS / 1000} s of calls after ${LOAD_WARMUP_MS / 1000} s of the same load not counted; ` +
      `echo and list_guests rows alternate ${RATIO_ROUNDS} times at each concurrency, ratios are their median\n`,
  );
  const rss = (figures: Record<string, number | undefined>) =>
    Object.entries(figures)
      .map(([service, mib]) => `${service} ${mib ?? '?'}`)
      .join(', ');
  say(`idle RSS, MiB, once settled: ${rss(latency.idleRssMiB)}`);
  say(`idle RSS, MiB, after V8 gave back what start-up grew: ${rss(latency.idleRssLaterMiB)}\n`);
  say(
    formatTable(
      'floor: echo tool on a bare MCP SDK v2 stateless server (same client, right before each row below)',
      latency.echoFloor,
    ),
  );
  say('');
  say(
    formatTable(
      'list_guests tool call: MCP (Streamable HTTP) → mcp-edge → NATS → proxmox-agent → inventory',
      latency.throughMcp,
    ),
  );
  say('');
  for (const ratio of pairedRatios(latency.throughMcp, latency.echoFloor))
    say(`  ${describePairedRatio(ratio)}`);
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
}

/** Also runs alone: `npm run bench -- clients` (BENCH_CLIENTS, BENCH_CLIENTS_RATE, BENCH_CLIENTS_WARMUP_MS). */
async function benchClients(): Promise<void> {
  const many = await benchManyClients({
    clients: MANY_CLIENTS,
    callsPerSecond: MANY_CLIENTS_RATE,
    durationMs: MANY_CLIENTS_DURATION_MS,
    warmupMs: MANY_CLIENTS_WARMUP_MS,
  });
  say(
    `${many.clients} MCP clients (own connections each, connected in ${many.connectSeconds.toFixed(1)} s), ` +
      `round-robin over ${many.replicas} mcp-edge replicas, list_guests offered at ${many.offeredPerSecond} calls/s ` +
      `for ${many.seconds.toFixed(0)} s after ${many.warmupSeconds} s of the same load not counted:`,
  );
  say(
    `  ${many.calls} answered (${many.answeredPerSecond.toFixed(0)}/s), ${many.errors} errors, ` +
      `p50 ${many.p50Ms.toFixed(1)} / p95 ${many.p95Ms.toFixed(1)} / p99 ${many.p99Ms.toFixed(1)} ms from when each call was due, ` +
      `at most ${many.peakInFlight} in flight`,
  );
  const cpuMsPerCall = Object.values(many.cpuMsPerCall).reduce((sum, ms) => sum + ms, 0);
  if (cpuMsPerCall > 0) {
    say(`  CPU ms per call: ${describeCpuPerCall(many.cpuMsPerCall)}`);
    // A call costs less as the rate rises (more of the work shares each wake-up and write): a bound at this rate.
    say(
      `  at that cost, ${cpus().length} cores would hold about ${((cpus().length * 1000) / cpuMsPerCall).toFixed(0)} calls/s`,
    );
  }
}

async function benchAccess(): Promise<void> {
  const access = await benchAccessOverhead(DURATION_MS);
  say(formatTable('list_guests through MCP, authentication and rate limits OFF (MCP_AUTH=none)', access.off));
  say('');
  say(
    formatTable(
      'list_guests through MCP, ON: an API token looked up in PostgreSQL per request, rate limits and call cap counting',
      access.on,
    ),
  );
}

/** Also runs alone: `npm run bench -- large` (sync, power operations and IaC of 10,000 guests). */
async function benchLarge(): Promise<void> {
  const { sync, power, iac, cpu } = await benchLargeScenario(say);
  say('');
  say(`inventory sync, large scenario (${sync.guests} guests, 20 nodes):`);
  // Two decimals: the incremental target (300 ms) is a tenth of a second from what is measured.
  say(`  full         ${sync.fullSeconds.toFixed(2).padStart(6)} s   (${sync.fullConfigsRead} configs read)`);
  say(
    `  incremental  ${sync.incrementalSeconds.toFixed(2).padStart(6)} s   (${sync.incrementalConfigsRead} configs re-read)`,
  );
  say(
    `  rag indexed every guest ${sync.knowledgeSeconds === undefined ? 'not within 5 min' : `${sync.knowledgeSeconds.toFixed(1)} s`} after the full sync`,
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
  say(`  import (export, generate, write, commit)  ${iac.importSeconds.toFixed(2).padStart(6)} s`);
  say(`  re-import, byte-identical                 ${iac.reimportSeconds.toFixed(2).padStart(6)} s`);
  say(`  import → test-runner verdict (${iac.testStatus})   ${iac.testedSeconds.toFixed(2).padStart(6)} s`);
  say(
    `  peak RSS: iac-generator ${iac.generatorPeakRssMiB ?? '?'} MiB, test-runner ${iac.testRunnerPeakRssMiB ?? '?'} MiB`,
  );
  say('');
  say(
    'CPU seconds, each process + what PostgreSQL spent on its queries (2 cores shared; the bench client hosts the simulator):',
  );
  say(`  start to the full sync's end (start-ups included): ${describeCpuSeconds(cpu.untilSynced)}`);
  say(`  after it (incremental pass, rag, power operations, import): ${describeCpuSeconds(cpu.afterwards)}`);
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

/** Also runs alone: `npm run bench -- web` (needs Chromium, `apt-get install chromium`). */
async function benchWeb(): Promise<void> {
  const loads = await benchWebConsole(say);
  say('');
  say('web console page loads, 10,000 guests, Chromium headless (navigation to load event), ms:');
  for (const load of loads) {
    say(
      `  ${load.page.padEnd(40)} first ${load.firstMs.toFixed(0).padStart(6)}  p50 ${load.p50Ms.toFixed(0).padStart(5)}  ` +
        `p95 ${load.p95Ms.toFixed(0).padStart(5)}  ${load.sizeKiB.toFixed(0).padStart(4)} KiB`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
