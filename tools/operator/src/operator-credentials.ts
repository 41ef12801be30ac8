import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localDataDir } from '@proxmox-mpc/testing';

export interface OperatorCredentials {
  edgeUrl: string;
  adminToken: string;
}

/**
 * Where mcp-edge is and the operator's admin token: MPC_EDGE_URL and MPC_ADMIN_TOKEN, or
 * what `npm start` wrote into .data/ for the local platform.
 */
export function operatorCredentials(env: NodeJS.ProcessEnv = process.env): OperatorCredentials {
  const dataDir = localDataDir(env);
  const edgeUrl = env.MPC_EDGE_URL ?? localPlatform(env).edgeUrl;
  const tokenFile = join(dataDir, 'admin-token');
  const adminToken =
    env.MPC_ADMIN_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (!edgeUrl)
    throw new Error(
      'set MPC_EDGE_URL to the mcp-edge base URL (npm start records it in .data/platform.json)',
    );
  if (!adminToken)
    throw new Error('set MPC_ADMIN_TOKEN to an admin token (npm start keeps one in .data/admin-token)');
  return { edgeUrl, adminToken };
}

/** The bus an operator tool talks to: NATS_URL, or the one `npm start` runs. */
export function operatorNatsUrl(env: NodeJS.ProcessEnv = process.env): string {
  const natsUrl = env.NATS_URL ?? localPlatform(env).natsUrl;
  if (!natsUrl) throw new Error('set NATS_URL (npm start records it in .data/platform.json)');
  return natsUrl;
}

/** What `npm start` recorded about the platform it runs. */
function localPlatform(env: NodeJS.ProcessEnv): { edgeUrl?: string; natsUrl?: string } {
  const platformFile = join(localDataDir(env), 'platform.json');
  return existsSync(platformFile) ? JSON.parse(readFileSync(platformFile, 'utf8')) : {};
}
