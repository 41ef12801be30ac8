import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/client';
import { BenchPlatform, connectMcpClients } from './bench-platform';
import { percentileSummary, startCpuMeter, type LatencySummary } from './load';
import { settle } from './process-cpu';

export interface ManyClientsFigures extends LatencySummary {
  clients: number;
  replicas: number;
  /** The rate the calls were sent at (open loop: on schedule, whether or not earlier calls had ended). */
  offeredPerSecond: number;
  /** How long the same load ran, uncounted, before the measured part. */
  warmupSeconds: number;
  seconds: number;
  calls: number;
  /** Calls answered per second over the run. */
  answeredPerSecond: number;
  errors: number;
  /** The most calls that were in flight at once. */
  peakInFlight: number;
  connectSeconds: number;
  /** CPU time each process (the bench's clients, every service and replica, nats-server) spent per measured call. */
  cpuMsPerCall: Record<string, number>;
}

export interface ManyClientsOptions {
  clients: number;
  callsPerSecond: number;
  durationMs: number;
  warmupMs: number;
}

/** A call that has not ended this long after it was due counts as an error, so the run stays bounded. */
const CALL_TIMEOUT_MS = 10_000;
const TICK_MS = 5;

/**
 * Many MCP clients, each with its own HTTP connections, spread round-robin over two
 * mcp-edge replicas, calling `list_guests` at a fixed total rate for a bounded time.
 * Latency is taken from when each call was due, so a backlog shows as latency instead
 * of slowing the offered load down (no coordinated omission). The same load runs first
 * for `warmupMs`, not counted: a replica just started has compiled nothing of the call
 * path yet, and a deployment's replicas are measured as they run, not as they start.
 */
export async function benchManyClients(options: ManyClientsOptions): Promise<ManyClientsFigures> {
  const bench = await BenchPlatform.start();
  try {
    const urls = [bench.platform.mcpUrl, await bench.startEdgeReplica()];
    await settle([...bench.platform.processes.values()].map((service) => service.pid));
    const connecting = performance.now();
    const clients = await connectMcpClients(urls, options.clients, {
      token: bench.token,
      ownConnections: true,
    });
    const connectSeconds = (performance.now() - connecting) / 1000;
    if (options.warmupMs > 0) await offerLoad(clients, options.callsPerSecond, options.warmupMs);
    const cpu = startCpuMeter(bench.watchedProcesses());
    const figures = await offerLoad(clients, options.callsPerSecond, options.durationMs);
    const cpuMsPerCall = cpu.msPerCall(figures.calls + figures.errors);
    await Promise.all(clients.map((client) => client.close()));
    return {
      ...figures,
      clients: options.clients,
      replicas: urls.length,
      warmupSeconds: options.warmupMs / 1000,
      connectSeconds,
      cpuMsPerCall,
    };
  } finally {
    await bench.stop();
  }
}

type OfferedLoad = Pick<
  ManyClientsFigures,
  | 'offeredPerSecond'
  | 'seconds'
  | 'calls'
  | 'answeredPerSecond'
  | 'errors'
  | 'peakInFlight'
  | keyof LatencySummary
>;

async function offerLoad(
  clients: readonly Client[],
  callsPerSecond: number,
  durationMs: number,
): Promise<OfferedLoad> {
  const total = Math.round((callsPerSecond * durationMs) / 1000);
  const intervalMs = 1000 / callsPerSecond;
  const latencies: number[] = [];
  const calls: Array<Promise<void>> = [];
  let errors = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  const started = performance.now();
  for (let sent = 0; sent < total;) {
    const now = performance.now();
    for (; sent < total && started + sent * intervalMs <= now; sent += 1) {
      const due = started + sent * intervalMs;
      const client = clients[sent % clients.length] as Client;
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      calls.push(
        client
          .callTool({ name: 'list_guests', arguments: {} }, { timeout: CALL_TIMEOUT_MS })
          .then((result) => {
            if (result.isError) errors += 1;
            else latencies.push(performance.now() - due);
          })
          .catch(() => {
            errors += 1;
          })
          .finally(() => {
            inFlight -= 1;
          }),
      );
    }
    await sleep(TICK_MS);
  }
  await Promise.all(calls);
  const seconds = (performance.now() - started) / 1000;
  return {
    offeredPerSecond: callsPerSecond,
    seconds,
    calls: latencies.length,
    answeredPerSecond: latencies.length / seconds,
    errors,
    peakInFlight,
    ...percentileSummary(latencies),
  };
}
