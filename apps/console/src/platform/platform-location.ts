import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { redactUrlCredentials } from '@proxmox-mpc/telemetry';

/** Which NATS the console talks to, and how it knew. */
export interface PlatformLocation {
  natsUrl: string;
  /** `NATS_URL`, `NATS_URL_FILE <path>`, or the platform.json `npm start` wrote. */
  source: string;
}

/** Where `npm start` keeps its state: MPC_DATA_DIR, or `.data` in the checkout the console runs from. */
function localDataDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.MPC_DATA_DIR) return env.MPC_DATA_DIR;
  for (let folder = __dirname; folder !== dirname(folder); folder = dirname(folder)) {
    if (existsSync(join(folder, 'nx.json'))) return join(folder, '.data');
  }
  return undefined;
}

/**
 * The platform to talk to: NATS_URL (or NATS_URL_FILE, so a password stays out of the
 * environment and shell history) for any deployment, or else the one `npm start` runs
 * from this checkout. The URL carries the console's credentials,
 * `nats://console:<password>@host:4222`.
 */
export function locatePlatform(env: NodeJS.ProcessEnv): PlatformLocation {
  if (env.NATS_URL) return { natsUrl: env.NATS_URL, source: 'NATS_URL' };
  if (env.NATS_URL_FILE) {
    return {
      natsUrl: readFileSync(env.NATS_URL_FILE, 'utf8').trim(),
      source: `NATS_URL_FILE ${env.NATS_URL_FILE}`,
    };
  }
  const dataDir = localDataDir(env);
  const file = dataDir && join(dataDir, 'platform.json');
  if (file && existsSync(file)) {
    const { natsUrl } = JSON.parse(readFileSync(file, 'utf8')) as { natsUrl?: string };
    if (natsUrl) return { natsUrl, source: file };
  }
  throw new Error(
    'no platform found: set NATS_URL (e.g. nats://console:<password>@nats:4222), or start one with `npm start`',
  );
}

/** The location for messages: the URL without its credentials. */
export function describeLocation(location: PlatformLocation): string {
  return `${redactUrlCredentials(location.natsUrl)} (from ${location.source})`;
}
