import { bootstrapService } from '@proxmox-mpc/service-runtime';
import { mcpEdgeService } from './mcp-edge.service';

// `--stdio` is what MCP client configs pass; it is the same as MCP_TRANSPORT=stdio.
const env = process.argv.includes('--stdio') ? { ...process.env, MCP_TRANSPORT: 'stdio' } : process.env;

void bootstrapService(mcpEdgeService, env);
