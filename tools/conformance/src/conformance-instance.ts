import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  repoRoot,
  startLocalInfrastructure,
  startServiceProcess,
  type ServiceName,
} from '@proxmox-mpc/testing';

export interface ConformanceInstance {
  mcpUrl: string;
  stop(): Promise<void>;
}

/**
 * mcp-edge as it is deployed (the built service process) with the conformance fixtures
 * on and authentication off, and iac-generator, which answers the workspace listing in
 * its resources/list. Both run on a nats-server of their own — never on NATS_URL, where
 * they would join a running platform's consumers — and a fresh database on
 * DATABASE_URL's server (or an embedded PostgreSQL).
 */
export async function startConformanceInstance(log: (line: string) => void): Promise<ConformanceInstance> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const infrastructure = await startLocalInfrastructure({
      ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
      postgresDataDir: join(repoRoot(), '.data', 'conformance-postgres'),
      log,
    });
    stops.push(infrastructure.stop);
    const database = await createTestDatabase(infrastructure.databaseUrl);
    stops.push(database.drop);
    const workspaceRoot = mkdtempSync(join(tmpdir(), 'mpc-conformance-workspaces-'));
    stops.push(async () => rmSync(workspaceRoot, { recursive: true, force: true }));

    const start = async (name: ServiceName, env: Record<string, string>): Promise<string> => {
      const port = String(await freePort());
      const service = await startServiceProcess(name, {
        ...process.env,
        NATS_URL: infrastructure.natsUrl,
        DATABASE_URL: database.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: port,
        LOG_LEVEL: 'warn',
        ...env,
      });
      stops.push(() => service.stop());
      return `http://127.0.0.1:${port}`;
    };
    await start('iac-generator', { IAC_WORKSPACE_ROOT: workspaceRoot });
    const edgeUrl = await start('mcp-edge', { MCP_AUTH: 'none', MCP_CONFORMANCE_FIXTURES: 'true' });
    return { mcpUrl: `${edgeUrl}/mcp`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
