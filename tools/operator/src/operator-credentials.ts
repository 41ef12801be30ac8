import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OperatorCredentials {
  edgeUrl: string;
  adminToken: string;
}

/**
 * Where mcp-edge is and the operator's admin token: MPC_EDGE_URL and MPC_ADMIN_TOKEN, or
 * what `npm start` wrote into .data/ for the local platform.
 */
export function operatorCredentials(root: string, env: NodeJS.ProcessEnv = process.env): OperatorCredentials {
  const dataDir = join(root, '.data');
  const edgeUrl = env.MPC_EDGE_URL ?? localPlatform(root).edgeUrl;
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
export function operatorNatsUrl(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const natsUrl = env.NATS_URL ?? localPlatform(root).natsUrl;
  if (!natsUrl) throw new Error('set NATS_URL (npm start records it in .data/platform.json)');
  return natsUrl;
}

/** What `npm start` recorded about the platform it runs. */
function localPlatform(root: string): { edgeUrl?: string; natsUrl?: string } {
  const platformFile = join(root, '.data', 'platform.json');
  return existsSync(platformFile) ? JSON.parse(readFileSync(platformFile, 'utf8')) : {};
}
