import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process';
import { repoRoot } from './repo-root';

/** What `npm start` records in its data folder's platform.json. */
export interface LocalPlatformFile {
  edgeUrl: string;
  natsUrl: string;
  /** The Proxmox VE API the agent uses (the simulator unless PVE_URL was set). */
  proxmoxUrl: string;
  services: Record<string, string>;
  /** The pid of every part it supervises, kept current across restarts. */
  pids: Record<string, number>;
}

export function readLocalPlatformFile(dataDir: string): LocalPlatformFile {
  return JSON.parse(readFileSync(join(dataDir, 'platform.json'), 'utf8')) as LocalPlatformFile;
}

/**
 * `npm start` itself (its compiled entry point) on a data folder of its own, with its own
 * nats-server and PostgreSQL as on a fresh machine; resolves once it says it is running.
 * `onLine` hears every line it prints (the services' log lines among them).
 */
export function startNpmStart(
  dataDir: string,
  env: Record<string, string> = {},
  onLine?: (line: string) => void,
): Promise<ManagedProcess> {
  const root = repoRoot();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, MPC_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
  delete childEnv.NATS_URL;
  delete childEnv.DATABASE_URL;
  return ManagedProcess.start({
    name: 'npm start',
    command: process.execPath,
    args: ['-r', join(root, 'tools/runtime/register-paths.cjs'), join(root, 'dist/tools/dev/src/main.js')],
    env: childEnv,
    ready: /^A part that stops is reported and restarted/,
    readyTimeoutMs: 180_000,
    ...(onLine ? { onLine } : {}),
  });
}
