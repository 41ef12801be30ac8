import { join } from 'node:path';
import { SERVICE_NODE_FLAGS } from '@proxmox-mpc/testing';

/** A config block MCP clients (Claude Desktop, Cursor, …) accept as is. */
export function mcpClientConfig(options: {
  root: string;
  mcpUrl: string;
  token: string;
  natsUrl: string;
  /** A 0600 file holding the stdio server's least-privilege database URL. */
  databaseUrlFile: string;
}): string {
  return JSON.stringify(
    {
      mcpServers: {
        'proxmox-mpc': {
          type: 'http',
          url: options.mcpUrl,
          headers: { Authorization: `Bearer ${options.token}` },
        },
        'proxmox-mpc-stdio': {
          command: process.execPath,
          args: [
            ...SERVICE_NODE_FLAGS,
            '-r',
            join(options.root, 'tools/runtime/register-paths.cjs'),
            join(options.root, 'dist/apps/mcp-edge/src/main.js'),
            '--stdio',
          ],
          env: { NATS_URL: options.natsUrl, DATABASE_URL_FILE: options.databaseUrlFile },
        },
      },
    },
    null,
    2,
  );
}
