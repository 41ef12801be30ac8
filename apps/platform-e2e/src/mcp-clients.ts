import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { serviceCommand } from '@proxmox-mpc/testing';

export type ProtocolEra = 'legacy' | 'modern';

/** An MCP SDK client over Streamable HTTP, on the 2025-11-25 (legacy) or 2026-07-28 (modern) protocol. */
export async function connectHttpClient(
  url: string,
  token: string,
  era: ProtocolEra = 'legacy',
): Promise<Client> {
  const client = new Client(
    { name: 'platform-e2e', version: '1.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** An MCP SDK client that launches mcp-edge over stdio, as Claude Desktop would. */
export async function connectStdioClient(env: Record<string, string>): Promise<Client> {
  const { command, args } = serviceCommand('mcp-edge', ['--stdio']);
  const client = new Client({ name: 'platform-e2e-stdio', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, env, stderr: 'pipe' }));
  return client;
}
