import { Injectable } from '@nestjs/common';
import { McpServer, type McpRequestContext } from '@modelcontextprotocol/server';
import { PLATFORM_VERSION } from '@proxmox-mpc/service-runtime';
import { TOOL_CATALOG } from '../tools/tool-catalog';
import { ToolCallRunner, type Caller } from '../tool-calls/tool-call-runner';
import { memoiseJsonSchema } from './memoised-json-schema';

/** Tool registrations built once per process; only the server around them is per request. */
const REGISTRATIONS = TOOL_CATALOG.map((tool) => ({
  tool,
  config: {
    title: tool.title,
    description: tool.description,
    inputSchema: memoiseJsonSchema(tool.input),
    outputSchema: memoiseJsonSchema(tool.output),
    annotations: { title: tool.title, ...tool.annotations },
  },
}));

export const SERVER_INFO = { name: 'proxmox-mpc', title: 'Proxmox-MPC', version: PLATFORM_VERSION };

const INSTRUCTIONS =
  'Tools to inspect and operate a Proxmox VE cluster. Every result carries a correlation id in _meta ' +
  '(dev.proxmox-mpc/correlation-id) that finds the action in the audit log and its trace in Jaeger.';

/**
 * Builds the MCP server for one HTTP request or one stdio connection. The SDK serves
 * both protocol eras from the same factory; nothing is kept between requests, so any
 * replica can answer any request.
 */
@Injectable()
export class McpServerFactory {
  constructor(private readonly runner: ToolCallRunner) {}

  create(
    resolveCaller: (context: McpRequestContext, meta: Record<string, unknown> | undefined) => Caller,
  ): (context: McpRequestContext) => McpServer {
    return (requestContext) => {
      const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS });
      for (const { tool, config } of REGISTRATIONS) {
        server.registerTool(tool.name, config, (args: Record<string, unknown>, toolContext) =>
          this.runner.call(tool, args, resolveCaller(requestContext, toolContext.mcpReq._meta)),
        );
      }
      return server;
    };
  }
}
