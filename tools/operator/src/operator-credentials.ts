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
  const platformFile = join(dataDir, 'platform.json');
  const platform = existsSync(platformFile)
    ? (JSON.parse(readFileSync(platformFile, 'utf8')) as { edgeUrl?: string })
    : {};
  const edgeUrl = env.MPC_EDGE_URL ?? platform.edgeUrl;
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
