import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { PveClient } from '@proxmox-mpc/pve-client';
import { createTestDatabase, repoRoot, startLocalInfrastructure, startPlatform } from '@proxmox-mpc/testing';
import { formatTable, measureLoad, type LoadResult } from './load';

const CONCURRENCY = [1, 16];
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const WARMUP_CALLS = 20;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function mcpClients(url: string, token: string, count: number): Promise<Client[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const client = new Client({ name: `bench-${index}`, version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        }),
      );
      return client;
    }),
  );
}

/**
 * Tool-call latency through the whole path (MCP client → mcp-edge → NATS → proxmox-agent →
 * Proxmox VE simulator and back), beside the same Proxmox call made directly: the floor.
 * Uses its own nats-server and a fresh database, so it never touches a running platform.
 */
async function main(): Promise<void> {
  const root = repoRoot();
  say(`proxmox-mpc bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
  say(`each row: ${DURATION_MS / 1000} s of calls after ${WARMUP_CALLS} warm-up calls per worker\n`);
  const infrastructure = await startLocalInfrastructure({
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    postgresDataDir: join(root, '.data', 'bench-postgres'),
    log: say,
  });
  const database = await createTestDatabase(infrastructure.databaseUrl);
  const token = randomUUID();
  const platform = await startPlatform({
    natsUrl: infrastructure.natsUrl,
    databaseUrl: database.url,
    ports: 'free',
    mcpToken: token,
    env: { LOG_LEVEL: 'warn' },
  });
  try {
    const clients = await mcpClients(platform.mcpUrl, token, Math.max(...CONCURRENCY));
    const throughMcp: LoadResult[] = [];
    for (const concurrency of CONCURRENCY) {
      throughMcp.push(
        await measureLoad(concurrency, DURATION_MS, WARMUP_CALLS, async (worker) => {
          const result = await clients[worker]?.callTool({ name: 'list_guests', arguments: {} });
          if (!result || result.isError) throw new Error(JSON.stringify(result?.content));
        }),
      );
    }
    await Promise.all(clients.map((client) => client.close()));

    const direct = new PveClient({
      baseUrl: platform.proxmox.url,
      tokenId: platform.proxmox.tokenId,
      tokenSecret: platform.proxmox.tokenSecret,
    });
    const floor: LoadResult[] = [];
    for (const concurrency of CONCURRENCY) {
      floor.push(
        await measureLoad(concurrency, DURATION_MS, WARMUP_CALLS, () => direct.clusterResources('vm')),
      );
    }
    await direct.close();

    say('');
    say(
      formatTable(
        'list_guests tool call: MCP (Streamable HTTP) → mcp-edge → NATS → proxmox-agent → simulator',
        throughMcp,
      ),
    );
    say('');
    say(
      formatTable(
        'floor: GET /cluster/resources?type=vm straight to the simulator (what the agent calls)',
        floor,
      ),
    );
  } finally {
    await platform.stop();
    await database.drop();
    await infrastructure.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
