import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  localDataDir,
  pveDocs,
  repoRoot,
  startLocalInfrastructure,
  startPlatform,
  type ManagedProcess,
  type ProxmoxConnection,
} from '@proxmox-mpc/testing';
import { formatLogLine } from './log-line';
import { mcpClientConfig } from './mcp-client-config';
import { takePlatformLock } from './platform-lock';
import { provisionStdioDatabaseUrl } from './stdio-credentials';
import { Supervisor } from './supervisor';

const root = repoRoot();
const dataDir = localDataDir();
const say = (line: string): void => void process.stdout.write(`${line}\n`);
// Stable ports when free keep the printed MCP client config valid across restarts.
const NATS_PORT = 4222;
const POSTGRES_PORT = 54329;

/** A secret from the environment, or one generated on first start and kept in the data folder. */
function token(
  variable: 'MCP_BEARER_TOKEN' | 'MCP_ADMIN_TOKEN' | 'PVE_SECRETS_KEY',
  fileName: string,
): string {
  const given = process.env[variable];
  if (given) return given;
  const file = join(dataDir, fileName);
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function proxmoxFromEnv(): ProxmoxConnection | undefined {
  const { PVE_URL, PVE_TOKEN_ID, PVE_TOKEN_SECRET, PVE_INSECURE_TLS, PVE_CA_FILE } = process.env;
  if (!PVE_URL) return undefined;
  if (!PVE_TOKEN_ID || !PVE_TOKEN_SECRET) {
    throw new Error('PVE_URL is set: also set PVE_TOKEN_ID (user@realm!token) and PVE_TOKEN_SECRET');
  }
  return {
    url: PVE_URL,
    tokenId: PVE_TOKEN_ID,
    tokenSecret: PVE_TOKEN_SECRET,
    ...(PVE_INSECURE_TLS ? { insecureTls: ['1', 'true', 'yes'].includes(PVE_INSECURE_TLS) } : {}),
    ...(PVE_CA_FILE ? { caFile: PVE_CA_FILE } : {}),
  };
}

/**
 * The folders the knowledge service indexes: RAG_DOC_FOLDERS when set, else the Proxmox VE
 * admin guide when it ships beside the clone (../shared/pve-docs), so a local platform can
 * answer "how do I …" from the start.
 */
function knowledgeFolders(): Record<string, string> {
  if (process.env.RAG_DOC_FOLDERS) return {};
  const guide = pveDocs();
  if (!guide) return {};
  say(`knowledge   indexing the Proxmox VE admin guide from ${guide.adoc}`);
  return { RAG_DOC_FOLDERS: `pve-docs=${guide.adoc}` };
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = takePlatformLock(dataDir);
  const cleanups: Array<() => Promise<void>> = [];
  const supervised = new Map<string, ManagedProcess>();
  // Where the console (`npm run console`) and scripts find this platform.
  const platformFile = join(dataDir, 'platform.json');
  const describe: Record<string, unknown> = {};
  const record = (): void => {
    const pids = Object.fromEntries([...supervised].map(([name, part]) => [name, part.pid]));
    // Replaced whole, so a reader never sees half a file.
    writeFileSync(`${platformFile}.tmp`, JSON.stringify({ ...describe, pids }, null, 2), { mode: 0o600 });
    renameSync(`${platformFile}.tmp`, platformFile);
  };

  let stopping = false;
  const shutdown = async (exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    supervisor.stop();
    say('\nstopping…');
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    releaseLock();
    process.exit(exitCode);
  };
  const supervisor = new Supervisor({
    say,
    giveUp: () => void shutdown(1),
    restarted: record,
  });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  const infrastructure = await startLocalInfrastructure({
    ...(process.env.NATS_URL ? { natsUrl: process.env.NATS_URL } : {}),
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    natsStoreDir: join(dataDir, 'nats'),
    postgresDataDir: join(dataDir, 'postgres'),
    preferredPorts: { nats: NATS_PORT, postgres: POSTGRES_PORT },
    log: say,
  });
  cleanups.push(infrastructure.stop);
  for (const part of infrastructure.processes) supervised.set(part.name, part);
  const { natsUrl, databaseUrl } = infrastructure;

  const agentToken = token('MCP_BEARER_TOKEN', 'mcp-token');
  const adminToken = token('MCP_ADMIN_TOKEN', 'admin-token');
  // Lets `proxmox-mpc init` connect more clusters; the agent reads it from the 0600 file.
  token('PVE_SECRETS_KEY', 'pve-secrets-key');
  const proxmox = proxmoxFromEnv();
  say(
    proxmox
      ? `Proxmox VE  ${proxmox.url} (from PVE_URL)`
      : 'Proxmox VE  starting the simulator (homelab scenario)',
  );
  say('services    starting audit, proxmox-agent, iac-generator, test-runner, rag, mcp-edge …');
  const platform = await startPlatform({
    natsUrl,
    databaseUrl,
    ...(proxmox ? { proxmox } : {}),
    ports: 'default',
    mcpToken: agentToken,
    adminToken,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...knowledgeFolders() },
    agentEnv: process.env.PVE_SECRETS_KEY ? {} : { PVE_SECRETS_KEY_FILE: join(dataDir, 'pve-secrets-key') },
    onLine: (service, line) => say(formatLogLine(service, line)),
  });
  cleanups.push(platform.stop);
  for (const [name, part] of platform.processes) supervised.set(name, part);
  Object.assign(describe, {
    edgeUrl: platform.serviceUrls['mcp-edge'],
    natsUrl,
    proxmoxUrl: platform.proxmox.url,
    services: platform.serviceUrls,
  });
  record();
  const databaseUrlFile = await provisionStdioDatabaseUrl(databaseUrl, dataDir);
  // Watched only now: a part that fails during start-up fails `npm start` itself.
  for (const part of supervised.values()) supervisor.watch(part);

  say('');
  say('Proxmox-MPC is running.');
  if (platform.simulator) say(`  Proxmox VE simulator  ${platform.proxmox.url}`);
  for (const [service, url] of Object.entries(platform.serviceUrls))
    say(`  ${service.padEnd(21)} ${url}/health`);
  say(`  MCP endpoint          ${platform.mcpUrl}`);
  say(`  MCP bearer token      ${agentToken}`);
  say(`  operator console      npm run console   (/help; approvals, tokens, health, logs, /report-issue)`);
  say(
    `  web console           ${new URL(platform.mcpUrl).origin}/ui   (sign in with the admin token: ${process.env.MCP_ADMIN_TOKEN ? 'MCP_ADMIN_TOKEN' : join(dataDir, 'admin-token')})`,
  );
  say('');
  say('MCP client config (Claude Desktop, Cursor, …):');
  say(mcpClientConfig({ root, mcpUrl: platform.mcpUrl, token: agentToken, natsUrl, databaseUrlFile }));
  say('');
  say('A part that stops is reported and restarted. Press Ctrl-C to stop everything.');
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
