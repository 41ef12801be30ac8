import { Inject, Injectable } from '@nestjs/common';
import { McpServer, type McpRequestContext } from '@modelcontextprotocol/server';
import { MessageBus } from '@proxmox-mpc/bus';
import { PLATFORM_VERSION, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { AccessPolicy } from '../access/access-policy';
import { ConfirmationChannel } from '../approvals/confirmation';
import type { McpEdgeConfig } from '../config';
import { registerConformanceFixtures } from '../conformance/conformance-fixtures';
import { registerKnowledgePrompts } from '../prompts/knowledge-prompts';
import { registerKnowledgeResources } from '../resources/knowledge-resources';
import { registerWorkspaceResources } from '../resources/workspace-resources';
import { operationViewSchema } from '../tools/operation-view';
import { TOOL_CATALOG } from '../tools/tool-catalog';
import type { ToolDefinition } from '../tools/tool-definition';
import { ToolCallRunner, type Caller } from '../tool-calls/tool-call-runner';
import { clientChannelOf } from './client-channel';
import { memoiseJsonSchema } from './memoised-json-schema';

export const SERVER_INFO = { name: 'proxmox-mpc', title: 'Proxmox-MPC', version: PLATFORM_VERSION };

const INSTRUCTIONS =
  'Tools to inspect and operate Proxmox VE clusters. Reads answer from a synced inventory and say how old it is. ' +
  'Operations return an operationId; some (stop, delete, rollback, restore over a guest, migrate) need a human ' +
  'to approve first — follow them with operation_status. Every result carries a correlation id in _meta ' +
  '(dev.proxmox-mpc/correlation-id) that finds the action in the audit log and its trace in Jaeger.';

/** A tool's input and output schemas as clients see them: an operate tool answers with its operation's view. */
export function toolSchemas(tool: ToolDefinition) {
  return {
    inputSchema: memoiseJsonSchema(tool.input),
    outputSchema: memoiseJsonSchema(tool.kind === 'read' ? tool.output : operationViewSchema(tool.result)),
  };
}

/** Tool registrations built once per process; only the server around them is per request. */
const REGISTRATIONS = TOOL_CATALOG.map((tool) => ({
  tool,
  config: {
    title: tool.title,
    description: tool.description,
    ...toolSchemas(tool),
    annotations: { title: tool.title, ...tool.annotations },
  },
}));

/** Who is asking, and, for a request that only calls tools, which ones. */
export interface ServerRequest extends Caller {
  /**
   * The tools the request calls when it is nothing but tool calls: the server that
   * answers it needs only those. Building all of them (and the prompts and resources)
   * for every call was most of a call's own cost in mcp-edge.
   */
  calledTools?: ReadonlySet<string>;
}

/**
 * Builds the MCP server for one HTTP request or one stdio connection, with the tools
 * the caller's scopes allow (a caller sees only what it may call). Both protocol eras
 * are served from this one factory; nothing is kept between HTTP requests, so any
 * replica can answer any request.
 */
@Injectable()
export class McpServerFactory {
  constructor(
    private readonly runner: ToolCallRunner,
    private readonly bus: MessageBus,
    private readonly confirmations: ConfirmationChannel,
    @Inject(SERVICE_CONFIG) private readonly config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  create(
    requestOf: (context: McpRequestContext) => ServerRequest,
  ): (context: McpRequestContext) => McpServer {
    return (requestContext) => {
      const { calledTools, ...caller } = requestOf(requestContext);
      const access = new AccessPolicy(caller.grant);
      const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS });
      for (const { tool, config } of REGISTRATIONS) {
        if (!access.allowsTool(tool) || (calledTools && !calledTools.has(tool.name))) continue;
        server.registerTool(tool.name, config, (args: Record<string, unknown>, toolContext) => {
          const meta = toolContext.mcpReq._meta;
          const traced = typeof meta?.traceparent === 'string' ? { ...caller, traceCarrier: meta } : caller;
          const binding = { actor: caller.grant.actorId, tool: tool.name, args };
          const client = clientChannelOf(server, toolContext, binding, this.confirmations, this.logger);
          return this.runner.call(tool, args, traced, client);
        });
      }
      if (!calledTools && access.allows('read')) {
        registerWorkspaceResources(server, this.bus, access.actorId);
        registerKnowledgeResources(server, this.bus, access.actorId);
        registerKnowledgePrompts(server, this.bus, access);
      }
      if (this.config.MCP_CONFORMANCE_FIXTURES) registerConformanceFixtures(server);
      return server;
    };
  }
}
