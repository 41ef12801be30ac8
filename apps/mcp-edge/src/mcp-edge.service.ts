import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { McpEdgeConfigSchema, type McpEdgeConfig } from './config';
import { McpModule } from './mcp/mcp.module';

export const mcpEdgeService: ServiceDefinition<McpEdgeConfig> = {
  name: 'mcp-edge',
  configSchema: McpEdgeConfigSchema,
  defaultHttpPort: 8080,
  features: (config) => [McpModule.register(config)],
  // Over stdio the client owns stdout, and several copies may run at once: no HTTP.
  listenHttp: (config) => config.MCP_TRANSPORT === 'http',
  logTo: (config) => (config.MCP_TRANSPORT === 'stdio' ? 2 : 1),
};
