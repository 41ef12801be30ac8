import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connect as connectTcp } from 'node:net';
import { freePort, startOnFreePort } from './free-port';
import { ManagedProcess } from './managed-process';

const BINARY = 'nats-server';
// Debian installs it in /usr/sbin, which is not on every user's PATH.
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin'];
export const NATS_INSTALL_HINT =
  'install it with "sudo apt-get install nats-server" (Debian/Ubuntu), or download a release from ' +
  'https://github.com/nats-io/nats-server/releases and put nats-server on your PATH';

export function findNatsServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, BINARY);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * Finds nats-server, installing Debian's package when running as root with apt-get;
 * otherwise explains exactly how to install it.
 */
export function ensureNatsServer(log: (line: string) => void = () => undefined): string {
  const found = findNatsServer();
  if (found) return found;
  const canApt =
    process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canApt) throw new Error(`nats-server was not found; ${NATS_INSTALL_HINT}`);
  log('nats-server not found; installing Debian package nats-server (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'nats-server'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; ${NATS_INSTALL_HINT}`);
  }
  const installed = findNatsServer();
  if (!installed) throw new Error(`nats-server still not found after installing; ${NATS_INSTALL_HINT}`);
  return installed;
}

/**
 * Whether a NATS server answers at `url`: it greets every TCP connection with an INFO
 * line before any authentication, so this needs no credentials.
 */
export function isNatsReachable(url: string, timeoutMs = 1_500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connectTcp({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 4222) });
    const finish = (reachable: boolean): void => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('data', (chunk: Buffer) => finish(chunk.toString('utf8').startsWith('INFO ')));
  });
}

export interface RunningNats {
  url: string;
  /** The nats-server process, for a supervisor to watch and restart. */
  process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream on a loopback port (`port` when free, else any free
 * one), by default with a throwaway store.
 */
export async function startNatsServer(
  options: {
    binary?: string;
    storeDir?: string;
    port?: number;
    auth?: { user: string; password: string };
    /**
     * A deployment config (accounts, permissions) to run instead of the flags: its
     * `port`, `http_port` and `store_dir` are replaced with free ones here, and `env`
     * supplies the variables it reads ($PASSWORDS).
     */
    config?: { file: string; env: Record<string, string> };
  } = {},
): Promise<RunningNats> {
  const binary = options.binary ?? ensureNatsServer();
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'mpc-nats-'));
  const { port, started: server } = await startOnFreePort(options.port, async (port) =>
    ManagedProcess.start({
      name: 'nats-server',
      command: binary,
      args: options.config
        ? ['-c', await deploymentConfig(options.config.file, storeDir, port), '-a', '127.0.0.1']
        : [
            '-js',
            '-a',
            '127.0.0.1',
            '-p',
            String(port),
            '-sd',
            storeDir,
            ...(options.auth ? ['--user', options.auth.user, '--pass', options.auth.password] : []),
          ],
      ...(options.config ? { env: { ...process.env, ...options.config.env } } : {}),
      ready: /Server is ready/,
      readyTimeoutMs: 15_000,
    }),
  );
  return {
    url: `nats://127.0.0.1:${port}`,
    process: server,
    async stop() {
      await server.stop();
      if (!options.storeDir) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** The deployment config with this run's port, monitoring port and store folder. */
async function deploymentConfig(file: string, storeDir: string, port: number): Promise<string> {
  const text = readFileSync(file, 'utf8')
    .replace(/^port: \d+$/m, `port: ${port}`)
    .replace(/^http_port: \d+$/m, `http_port: ${await freePort()}`)
    .replace(/^(\s*)store_dir: .*$/m, `$1store_dir: ${JSON.stringify(storeDir)}`);
  const path = join(storeDir, 'nats-server.conf');
  writeFileSync(path, text);
  return path;
}
