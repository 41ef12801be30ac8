import type { McpServer } from '@modelcontextprotocol/server';
import { registerFixturePrompts } from './fixture-prompts';
import { registerFixtureResources } from './fixture-resources';
import { registerFixtureTools } from './fixture-tools';

/**
 * Adds the fixed-name tools, resources and prompts the `@modelcontextprotocol/conformance`
 * server scenarios exercise (`MCP_CONFORMANCE_FIXTURES=true`, for `npm run conformance`
 * only). They test the MCP plumbing the platform's own tools ride on — the SDK handler,
 * this service's endpoint, content types, notifications — and never reach Proxmox or
 * the bus.
 */
export function registerConformanceFixtures(server: McpServer): void {
  // Logging is declared here only: the platform's own tools report through results,
  // progress and the audit log, and 2026-07-28 deprecates protocol logging. A level set
  // with logging/setLevel holds for that request only, since nothing outlives a request.
  server.server.registerCapabilities({ logging: {} });
  registerFixtureTools(server);
  registerFixtureResources(server);
  registerFixturePrompts(server);
}
