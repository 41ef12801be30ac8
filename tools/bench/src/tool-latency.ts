import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { PveClient } from '@proxmox-mpc/pve-client';
import { createLogger } from '@proxmox-mpc/telemetry';
import { BenchPlatform } from './bench-platform';
import { measureLoad, type LoadResult } from './load';

const CONCURRENCY = [1, 16];
const WARMUP_CALLS = 20;

const BENCH_ORIGIN: Origin = { correlationId: 'bench', actor: { kind: 'operator', id: 'bench' } };

export interface ToolLatency {
  /** MCP client → mcp-edge → NATS → proxmox-agent → its inventory. */
  throughMcp: LoadResult[];
  /** The same query from a bus client: what the agent and NATS cost without the edge. */
  throughBus: LoadResult[];
  /** The Proxmox call the inventory saves: GET /cluster/resources straight to the simulator. */
  floor: LoadResult[];
}

/** `list_guests` from MCP clients (one per worker) at each concurrency; the clients are closed afterwards. */
export async function listGuestsThroughMcp(
  bench: BenchPlatform,
  durationMs: number,
  token?: string,
): Promise<LoadResult[]> {
  const clients = await bench.clients(Math.max(...CONCURRENCY), token);
  const results: LoadResult[] = [];
  for (const concurrency of CONCURRENCY) {
    results.push(
      await measureLoad(concurrency, durationMs, WARMUP_CALLS, async (worker) => {
        const result = await clients[worker]?.callTool({ name: 'list_guests', arguments: {} });
        if (!result || result.isError) throw new Error(JSON.stringify(result?.content));
      }),
    );
  }
  await Promise.all(clients.map((client) => client.close()));
  return results;
}

/** `list_guests` along the whole path, with the layers under it measured alone. */
export async function benchToolLatency(durationMs: number): Promise<ToolLatency> {
  const bench = await BenchPlatform.start();
  try {
    const throughMcp = await listGuestsThroughMcp(bench, durationMs);

    const logger = createLogger({ service: 'bench', level: 'silent' });
    const bus = await MessageBus.connect({ service: 'bench', natsUrl: bench.infrastructure.natsUrl }, logger);
    const throughBus: LoadResult[] = [];
    for (const concurrency of CONCURRENCY) {
      throughBus.push(
        await measureLoad(concurrency, durationMs, WARMUP_CALLS, () =>
          bus.query(Subjects.proxmoxGuestsList, {}, BENCH_ORIGIN),
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
        await measureLoad(concurrency, durationMs, WARMUP_CALLS, () => direct.clusterResources('vm')),
      );
    }
    await direct.close();
    return { throughMcp, throughBus, floor };
  } finally {
    await bench.stop();
  }
}
