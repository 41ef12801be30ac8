import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as McpClient } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as PgClient } from 'pg';
import {
  isProcessAlive,
  pollUntil,
  readLocalPlatformFile,
  startNpmStart,
  type ManagedProcess,
} from '@proxmox-mpc/testing';

interface StdioServerConfig {
  command: string;
  args: string[];
  env: Record<string, string>;
}

describe('npm start', () => {
  let dataDir: string;
  let start: ManagedProcess;
  const platform = () => readLocalPlatformFile(dataDir);
  const healthy = async (url: string): Promise<boolean> =>
    (await fetch(`${url}/health`).catch(() => undefined))?.status === 200;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mpc-npm-start-'));
    start = await startNpmStart(dataDir);
  }, 200_000);

  afterAll(async () => {
    await start?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should print a stdio MCP config without the database superuser, whose login reaches only mcp-edge', async () => {
    const superuserPassword = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
    expect(start.output).not.toContain(superuserPassword);
    const printed = start.output.slice(start.output.indexOf('{\n  "mcpServers"'));
    const config = JSON.parse(printed.slice(0, printed.indexOf('\n}\n') + 2)) as {
      mcpServers: Record<string, StdioServerConfig>;
    };
    const stdio = config.mcpServers['proxmox-mpc-stdio'] as StdioServerConfig;
    expect(Object.keys(stdio.env).sort()).toEqual(['DATABASE_URL_FILE', 'NATS_URL']);

    const client = new McpClient({ name: 'npm-start-spec', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ ...stdio, stderr: 'pipe' }));
    try {
      const result = await client.callTool({ name: 'list_guests', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { guests: unknown[] }).guests.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }

    const login = new PgClient({
      connectionString: readFileSync(stdio.env.DATABASE_URL_FILE as string, 'utf8').trim(),
    });
    await login.connect();
    try {
      await expect(login.query('SELECT count(*) FROM audit.audit_messages')).rejects.toThrow(
        /permission denied/,
      );
      await expect(login.query('CREATE SCHEMA intruder')).rejects.toThrow(/permission denied/);
    } finally {
      await login.end();
    }
  });

  it('should report a service killed outright and start it again', async () => {
    const before = platform();
    process.kill(before.pids['proxmox-agent'] as number, 'SIGKILL');

    await start.waitFor(/^\[supervisor\] proxmox-agent exited \(signal SIGKILL\)/, 10_000);
    await start.waitFor(/^\[supervisor\] proxmox-agent is back \(pid \d+\)$/, 60_000);
    const after = platform();
    expect(after.pids['proxmox-agent']).not.toBe(before.pids['proxmox-agent']);
    expect(await healthy(after.services['proxmox-agent'] as string)).toBe(true);
  });

  it('should start nats-server again when it dies, and the services find it', async () => {
    process.kill(platform().pids['nats-server'] as number, 'SIGKILL');

    await start.waitFor(/^\[supervisor\] nats-server is back \(pid \d+\)$/, 30_000);
    const services = Object.values(platform().services);
    const unhealthy = await pollUntil(
      async () => (await Promise.all(services.map(healthy))).filter((ok) => !ok).length,
      (count) => count === 0,
      30_000,
    );
    expect(unhealthy).toBe(0);
  });

  it('should refuse a second npm start on the same data folder, naming the first', async () => {
    const second = await startNpmStart(dataDir).catch((error: unknown) => error as Error);

    expect(second).toBeInstanceOf(Error);
    expect((second as Error).message).toMatch(/another npm start \(pid \d+\) is running the platform/);
    expect(isProcessAlive(start.pid as number)).toBe(true);
  });

  it('should stop everything on Ctrl-C, restarted parts included', async () => {
    const pids = Object.values(platform().pids);
    // Run as root, the cluster lives outside the data folder, and npm start says where.
    const cluster =
      start.output.match(/^PostgreSQL {2}data in (.+) \(run as root/m)?.[1] ?? join(dataDir, 'postgres');
    const postmaster = Number(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
    process.kill(start.pid as number, 'SIGINT');

    expect(await start.exitCode()).toBe(0);
    const alive = await pollUntil(
      async () => [...pids, postmaster].filter(isProcessAlive),
      (left) => left.length === 0,
      15_000,
    );
    expect(alive).toEqual([]);
    expect(existsSync(join(dataDir, 'npm-start.pid'))).toBe(false);
  });
});
