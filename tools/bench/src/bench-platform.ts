import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { PveSimulatorOptions } from '@proxmox-mpc/pve-sim';
import {
  createTestDatabase,
  repoRoot,
  startLocalInfrastructure,
  startPlatform,
  type LocalInfrastructure,
  type RunningPlatform,
  type TestDatabase,
} from '@proxmox-mpc/testing';

/**
 * A platform of its own for one benchmark: own nats-server, a fresh database on the
 * bench PostgreSQL, the simulator and the six services as processes.
 */
export class BenchPlatform {
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
    const platform = await startPlatform({
      natsUrl: infrastructure.natsUrl,
      databaseUrl: database.url,
      ports: 'free',
      mcpToken: token,
      adminToken,
      ...(options.simulator ? { simulator: options.simulator } : {}),
      env: {
        LOG_LEVEL: 'warn',
        IAC_WORKSPACE_ROOT: workspaceRoot,
        // The benchmarks drive one token hard on purpose; access-overhead measures the limits themselves.
        MCP_RATE_LIMIT_PER_MINUTE: '0',
        MCP_MAX_CONCURRENT_CALLS: '0',
        ...options.env,
      },
    });
    return new BenchPlatform(infrastructure, database, platform, token, adminToken, workspaceRoot);
  }

  async clients(count: number, token = this.token): Promise<Client[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const client = new Client({ name: `bench-${index}`, version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(this.platform.mcpUrl), {
            requestInit: { headers: { Authorization: `Bearer ${token}` } },
          }),
        );
        return client;
      }),
    );
  }

  async stop(): Promise<void> {
    await this.platform.stop();
    await this.database.drop();
    await this.infrastructure.stop();
    rmSync(this.workspaceRoot, { recursive: true, force: true });
  }
}
