import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/client';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { PveClient } from '@proxmox-mpc/pve-client';
import { createLogger } from '@proxmox-mpc/telemetry';
import { SERVICE_NAMES, type ServiceName } from '@proxmox-mpc/testing';
import { BenchPlatform, connectMcpClients } from './bench-platform';
import { EchoFloor } from './echo-floor';
import { BENCH_CLIENT, LOAD_WARMUP_MS, measureLoad, type LoadResult, type WatchedProcesses } from './load';
import { rssMiB } from './peak-memory';
import { settle } from './process-cpu';

const CONCURRENCY = [1, 16];
/**
 * Loading a service's modules grows V8's young generation to its maximum; V8's memory
 * reducer gives it back only after 30-60 s without much allocation, about 30 MiB per
 * service: a service's idle memory is what it holds after that.
 */
const IDLE_MEMORY_WAIT_MS = Number(process.env.BENCH_IDLE_MEMORY_WAIT_MS ?? 90_000);

/** Echo and `list_guests` rows alternate this many times at each concurrency (paired-ratio.ts says why). */
export const RATIO_ROUNDS = Math.max(1, Number(process.env.BENCH_RATIO_ROUNDS ?? 3));

const BENCH_ORIGIN: Origin = { correlationId: 'bench', actor: { kind: 'operator', id: 'bench' } };

export interface ToolLatency {
  /** MCP client → mcp-edge → NATS → proxmox-agent → its inventory. */
  throughMcp: LoadResult[];
  /** A bare MCP SDK server's `echo` tool, same client, measured right before each `throughMcp` row (rounds of each concurrency in turn). */
  echoFloor: LoadResult[];
  /** The same query from a bus client: what the agent and NATS cost without the edge. */
  throughBus: LoadResult[];
  /** The Proxmox call the inventory saves: GET /cluster/resources straight to the simulator. */
  floor: LoadResult[];
  /** Each service's resident memory once started and settled, before any load. */
  idleRssMiB: Record<ServiceName, number | undefined>;
  /** The same after IDLE_MEMORY_WAIT_MS more of idling: once V8 has given back what start-up grew. */
  idleRssLaterMiB: Record<ServiceName, number | undefined>;
}

/** Calls `name` from the first `concurrency` clients (one per worker) for `durationMs`. */
export function toolCallLoad(
  clients: readonly Client[],
  concurrency: number,
  durationMs: number,
  name: string,
  args: Record<string, unknown> = {},
  watched?: WatchedProcesses,
): Promise<LoadResult> {
  return measureLoad(
    concurrency,
    durationMs,
    LOAD_WARMUP_MS,
    async (worker) => {
      const result = await clients[worker]?.callTool({ name, arguments: args });
      if (!result || result.isError) throw new Error(JSON.stringify(result?.content));
    },
    watched,
  );
}

/** `list_guests` from MCP clients (one per worker) at each concurrency; the clients are closed afterwards. */
export async function listGuestsThroughMcp(
  bench: BenchPlatform,
  durationMs: number,
  token?: string,
): Promise<LoadResult[]> {
  const clients = await bench.clients(Math.max(...CONCURRENCY), token);
  const results: LoadResult[] = [];
  for (const concurrency of CONCURRENCY)
    results.push(await toolCallLoad(clients, concurrency, durationMs, 'list_guests'));
  await Promise.all(clients.map((client) => client.close()));
  return results;
}

/**
 * `list_guests` along the whole path, each row right after the same load on the bare
 * MCP SDK (the floor the edge is compared with), then the layers under it alone.
 */
export async function benchToolLatency(durationMs: number): Promise<ToolLatency> {
  const bench = await BenchPlatform.start();
  const echo = await EchoFloor.start();
  try {
    await settle([...bench.platform.processes.values()].map((service) => service.pid));
    const rssNow = () =>
      Object.fromEntries(
        SERVICE_NAMES.map((name) => [name, rssMiB(bench.platform.processes.get(name)?.pid)]),
      ) as Record<ServiceName, number | undefined>;
    const idleRssMiB = rssNow();
    await sleep(IDLE_MEMORY_WAIT_MS);
    const idleRssLaterMiB = rssNow();

    const workers = Math.max(...CONCURRENCY);
    const [mcpClients, echoClients] = await Promise.all([
      bench.clients(workers),
      connectMcpClients(echo.url, workers),
    ]);
    const platformWatched = bench.watchedProcesses();
    const echoWatched: WatchedProcesses = new Map([
      [BENCH_CLIENT, process.pid],
      ['echo server', echo.pid],
    ]);
    const throughMcp: LoadResult[] = [];
    const echoFloor: LoadResult[] = [];
    for (const concurrency of CONCURRENCY) {
      for (let round = 0; round < RATIO_ROUNDS; round += 1) {
        echoFloor.push(
          await toolCallLoad(echoClients, concurrency, durationMs, 'echo', { text: 'ping' }, echoWatched),
        );
        throughMcp.push(
          await toolCallLoad(mcpClients, concurrency, durationMs, 'list_guests', {}, platformWatched),
        );
      }
    }
    await Promise.all([...mcpClients, ...echoClients].map((client) => client.close()));

    const logger = createLogger({ service: 'bench', level: 'silent' });
    const bus = await MessageBus.connect({ service: 'bench', natsUrl: bench.infrastructure.natsUrl }, logger);
    const throughBus: LoadResult[] = [];
    for (const concurrency of CONCURRENCY) {
      throughBus.push(
        await measureLoad(
          concurrency,
          durationMs,
          LOAD_WARMUP_MS,
          () => bus.query(Subjects.proxmoxGuestsList, {}, BENCH_ORIGIN),
          platformWatched,
        ),
      );
    }
    await bus.close();

    const proxmox = bench.platform.proxmox;
    const direct = new PveClient({
      baseUrl: proxmox.url,
      tokenId: proxmox.tokenId,
      tokenSecret: proxmox.tokenSecret,
    });
    const floor: LoadResult[] = [];
    for (const concurrency of CONCURRENCY) {
      floor.push(
        await measureLoad(concurrency, durationMs, LOAD_WARMUP_MS, () => direct.clusterResources('vm')),
      );
    }
    await direct.close();
    return { throughMcp, echoFloor, throughBus, floor, idleRssMiB, idleRssLaterMiB };
  } finally {
    await echo.stop();
    await bench.stop();
  }
}
