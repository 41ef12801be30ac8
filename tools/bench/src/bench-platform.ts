import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport, type FetchLike } from '@modelcontextprotocol/client';
import type { PveSimulatorOptions } from '@proxmox-mpc/pve-sim';
import {
  createTestDatabase,
  repoRoot,
  startLocalInfrastructure,
  startOnFreePort,
  startPlatform,
  startServiceProcess,
  type LocalInfrastructure,
  type ManagedProcess,
  type RunningPlatform,
  type TestDatabase,
} from '@proxmox-mpc/testing';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { BENCH_CLIENT, type WatchedProcesses } from './load';

/**
 * A platform of its own for one benchmark: own nats-server, a fresh database on the
 * bench PostgreSQL, the simulator and the six services as processes.
 */
export class BenchPlatform {
  private readonly replicas: ManagedProcess[] = [];

  private constructor(
    readonly infrastructure: LocalInfrastructure,
    /** This benchmark's own database (schemas per service, as in production). */
    readonly database: TestDatabase,
    readonly platform: RunningPlatform,
    readonly token: string,
    /** The operator's token, for the admin endpoints (creating API tokens). */
    readonly adminToken: string,
    /** iac-generator's and test-runner's workspaces, thrown away afterwards. */
    readonly workspaceRoot: string,
    /** The environment every service was started with, for replicas started later. */
    private readonly env: Record<string, string>,
  ) {}

  static async start(
    options: { simulator?: PveSimulatorOptions; env?: Record<string, string> } = {},
  ): Promise<BenchPlatform> {
    const infrastructure = await startLocalInfrastructure({
      ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
      postgresDataDir: join(repoRoot(), '.data', 'bench-postgres'),
      log: () => undefined,
    });
    const database = await createTestDatabase(infrastructure.databaseUrl);
    const token = randomUUID();
    const adminToken = randomUUID();
    const workspaceRoot = mkdtempSync(join(tmpdir(), 'mpc-bench-workspaces-'));
    const env = {
      LOG_LEVEL: 'warn',
      IAC_WORKSPACE_ROOT: workspaceRoot,
      // The benchmarks drive one token hard on purpose; access-overhead measures the limits themselves.
      MCP_RATE_LIMIT_PER_MINUTE: '0',
      MCP_MAX_CONCURRENT_CALLS: '0',
      ...options.env,
    };
    const platform = await startPlatform({
      natsUrl: infrastructure.natsUrl,
      databaseUrl: database.url,
      ports: 'free',
      mcpToken: token,
      adminToken,
      ...(options.simulator ? { simulator: options.simulator } : {}),
      env,
    });
    return new BenchPlatform(infrastructure, database, platform, token, adminToken, workspaceRoot, env);
  }

  clients(count: number, token = this.token): Promise<Client[]> {
    return connectMcpClients(this.platform.mcpUrl, count, { token });
  }

  /**
   * Another mcp-edge process on the same NATS and database, as a second replica behind
   * a load balancer would be; it stops with the platform. Resolves with its MCP URL.
   */
  async startEdgeReplica(): Promise<string> {
    const { port, started } = await startOnFreePort(undefined, (port) =>
      startServiceProcess('mcp-edge', {
        ...process.env,
        NATS_URL: this.infrastructure.natsUrl,
        DATABASE_URL: this.database.url,
        HTTP_HOST: '127.0.0.1',
        MCP_BEARER_TOKEN: this.token,
        MCP_ADMIN_TOKEN: this.adminToken,
        ...this.env,
        HTTP_PORT: String(port),
      }),
    );
    this.replicas.push(started);
    return `http://127.0.0.1:${port}/mcp`;
  }

  /**
   * The processes whose CPU time a load is charged with, by label: the bench itself (the
   * MCP clients' side), every service and replica, and nats-server when the bench started it.
   */
  watchedProcesses(): WatchedProcesses {
    const nats = this.infrastructure.processes.filter((started) => started.name === 'nats-server');
    return new Map<string, number | undefined>([
      [BENCH_CLIENT, process.pid],
      ...[...this.platform.processes].map(([name, service]): [string, number | undefined] => [
        name,
        service.pid,
      ]),
      ...this.replicas.map((replica, index): [string, number | undefined] => [
        `mcp-edge replica ${index + 2}`,
        replica.pid,
      ]),
      ...nats.map((started): [string, number | undefined] => ['nats-server', started.pid]),
    ]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.stop()));
    await this.platform.stop();
    await this.database.drop();
    await this.infrastructure.stop();
    rmSync(this.workspaceRoot, { recursive: true, force: true });
  }
}

/** Clients connected (initialised) together, so many of them do not queue on one another's start. */
const CONNECT_BATCH = 100;

/**
 * `count` MCP clients, client i of the endpoint `urls[i % urls.length]` (round-robin by
 * client, as DNS round-robin in front of replicas would spread them), connected
 * (initialised). `ownConnections` gives each client its own HTTP connection pool, as
 * separate client processes would have, instead of sharing the process's.
 */
export async function connectMcpClients(
  urls: string | readonly string[],
  count: number,
  options: { token?: string; ownConnections?: boolean } = {},
): Promise<Client[]> {
  const endpoints = typeof urls === 'string' ? [urls] : urls;
  const connect = async (index: number): Promise<Client> => {
    const client = new Client({ name: `bench-${index}`, version: '1.0.0' });
    const agent = options.ownConnections ? new Agent() : undefined;
    await client.connect(
      new StreamableHTTPClientTransport(new URL(endpoints[index % endpoints.length] as string), {
        ...(options.token ? { requestInit: { headers: { Authorization: `Bearer ${options.token}` } } } : {}),
        ...(agent
          ? {
              fetch: ((url: string | URL, init?: RequestInit) =>
                undiciFetch(url, {
                  ...init,
                  dispatcher: agent,
                } as UndiciRequestInit)) as unknown as FetchLike,
            }
          : {}),
      }),
    );
    if (agent) client.onclose = () => void agent.close();
    return client;
  };
  const clients: Client[] = [];
  for (let first = 0; first < count; first += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - first) }, (_, i) =>
      connect(first + i),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}
