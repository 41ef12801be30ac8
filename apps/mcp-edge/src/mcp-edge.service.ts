import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { McpEdgeConfigSchema, type McpEdgeConfig } from './config';
import { McpModule } from './mcp/mcp.module';
import { Operations1732320000000 } from './migrations/1732320000000-operations';
import { ApiTokens1732600000000 } from './migrations/1732600000000-api-tokens';
import { ApiTokenExec1733400000000 } from './migrations/1733400000000-api-token-exec';
import { Operation } from './operations/operation.entity';
import { ApiToken } from './tokens/api-token.entity';
import { WebSessions1735000000000 } from './migrations/1735000000000-web-sessions';
import { WebSession } from './web/sessions/web-session.entity';

export const mcpEdgeService: ServiceDefinition<McpEdgeConfig> = {
  name: 'mcp-edge',
  configSchema: McpEdgeConfigSchema,
  defaultHttpPort: 8080,
  migrations: [
    Operations1732320000000,
    ApiTokens1732600000000,
    ApiTokenExec1733400000000,
    WebSessions1735000000000,
  ],
  entities: [Operation, ApiToken, WebSession],
  features: (config) => [McpModule.register(config)],
  // Over stdio the client owns stdout, and several copies may run at once: no HTTP.
  listenHttp: (config) => config.MCP_TRANSPORT === 'http',
  logTo: (config) => (config.MCP_TRANSPORT === 'stdio' ? 2 : 1),
};
