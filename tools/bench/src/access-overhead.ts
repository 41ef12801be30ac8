import { BenchPlatform } from './bench-platform';
import type { LoadResult } from './load';
import { listGuestsThroughMcp } from './tool-latency';

export interface AccessOverhead {
  /** No authentication (MCP_AUTH=none), no rate limit, no cap on running calls. */
  off: LoadResult[];
  /** An API token from PostgreSQL on every request, rate limits and the running-call cap counting (never refusing). */
  on: LoadResult[];
}

/** What authentication and rate limiting cost a tool call: the same calls with both off, then on. */
export async function benchAccessOverhead(durationMs: number): Promise<AccessOverhead> {
  const open = await BenchPlatform.start({ env: { MCP_AUTH: 'none', MCP_CONFORMANCE_FIXTURES: 'true' } });
  let off: LoadResult[];
  try {
    off = await listGuestsThroughMcp(open, durationMs);
  } finally {
    await open.stop();
  }

  const guarded = await BenchPlatform.start({
    env: {
      MCP_RATE_LIMIT_PER_MINUTE: '100000000',
      MCP_TOOL_RATE_LIMITS: '{"list_guests": 100000000}',
      MCP_MAX_CONCURRENT_CALLS: '64',
    },
  });
  try {
    const response = await fetch(`${guarded.platform.serviceUrls['mcp-edge']}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${guarded.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', scopes: ['read'] }),
    });
    if (!response.ok) throw new Error(`could not create the bench token: HTTP ${response.status}`);
    const { token } = (await response.json()) as { token: string };
    const on = await listGuestsThroughMcp(guarded, durationMs, token);
    return { off, on };
  } finally {
    await guarded.stop();
  }
}
