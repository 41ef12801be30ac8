import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  hostHeaderValidation,
  originValidation,
  toNodeHandler,
  type NodeMcpRequestHandler,
} from '@modelcontextprotocol/node';
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { AccessPolicy, type AccessGrant } from '../../access/access-policy';
import type { Authentication } from '../../access/authentication';
import { Authenticator } from '../../access/authenticator';
import { CallLimiter, type LimitRefusal } from '../../access/call-limiter';
import { BodyError, readJsonBody } from '../../http/read-json-body';
import { sendJson } from '../../http/send-json';
import type { McpEdgeConfig } from '../../config';
import { TOOL_CATALOG } from '../../tools/tool-catalog';
import { McpServerFactory } from '../mcp-server-factory';
import { isOnlyToolCalls, JsonRpcErrorCode, sendJsonRpcError, toolCallsIn } from './json-rpc';
import { ProtectedResource } from './protected-resource';

const TOOLS = new Map(TOOL_CATALOG.map((tool) => [tool.name, tool]));

/** The endpoint's path; as with Express's routing, a trailing slash and a query are allowed. */
const MCP_PATH = /^\/mcp\/?(?:\?|$)/;

/**
 * The Streamable HTTP endpoint: one stateless handler for both the 2025-11-25 and the
 * 2026-07-28 protocol. Before the SDK sees a request, it passes here: Host and Origin
 * (DNS rebinding), the caller (API token or OAuth access token), the body's size and
 * JSON, each `tools/call` against the caller's scopes and tool allow-list (403 with an
 * `insufficient_scope` challenge, so an OAuth client can step up), the rate limits and
 * the cap on running calls (429 with Retry-After). The caller's grant reaches the tools
 * through the SDK's `authInfo`; the token itself goes no further than this endpoint.
 *
 * It takes `/mcp` off the HTTP server before Express sees it: the SDK's Node adapter
 * needs nothing of Express, whose routing and request decoration were a per-call cost
 * on the busiest path; every other route (the web console, health, metrics) is Express's.
 */
@Injectable()
export class McpHttpEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handler: McpHttpHandler;
  private readonly serveMcp: NodeMcpRequestHandler;
  private readonly validateHost: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  private readonly validateOrigin: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  private readonly limiter: CallLimiter;
  private readonly resource: ProtectedResource | undefined;

  constructor(
    factory: McpServerFactory,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: Authenticator,
    @Inject(SERVICE_CONFIG) private readonly config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.validateHost =
      config.MCP_ALLOWED_HOSTS.length > 0 ? hostHeaderValidation(config.MCP_ALLOWED_HOSTS) : undefined;
    this.validateOrigin =
      config.MCP_ALLOWED_ORIGINS.length > 0 ? originValidation(config.MCP_ALLOWED_ORIGINS) : undefined;
    this.limiter = new CallLimiter(config);
    this.resource = config.MCP_AUTH === 'oauth' ? new ProtectedResource(config) : undefined;
    this.handler = createMcpHandler(
      factory.create((requestContext) => ({
        grant: requestContext.authInfo?.extra?.grant as AccessGrant,
        calledTools: requestContext.authInfo?.extra?.calledTools as ReadonlySet<string> | undefined,
        transport: 'http',
        ...(headerCarrier(requestContext.requestInfo)
          ? { traceCarrier: headerCarrier(requestContext.requestInfo) }
          : {}),
      })),
      {
        maxRequestBodySize: config.MCP_MAX_BODY_BYTES,
        onerror: (error) => this.logger.warn({ err: error }, 'MCP request rejected'),
      },
    );
    this.serveMcp = toNodeHandler(this.handler, { maxRequestBodySize: config.MCP_MAX_BODY_BYTES });
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    const [express] = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (MCP_PATH.test(request.url ?? '')) void this.serveSafely(request, response);
      else express?.(request, response);
    });
  }

  private async serveSafely(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.serve(request, response);
    } catch (error) {
      this.logger.error({ err: error }, 'MCP request failed');
      if (!response.headersSent)
        sendJsonRpcError(response, 500, null, JsonRpcErrorCode.internalError, 'internal error');
      else response.end();
    }
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.validateHost && !this.validateHost(request, response)) return;
    if (this.validateOrigin && !this.validateOrigin(request, response)) return;
    const caller = await this.authenticator.mcpCaller(request.headers.authorization);
    if ('refusal' in caller) {
      this.refuse(response, caller);
      return;
    }
    let body: unknown;
    if (request.method === 'POST') {
      try {
        body = await readJsonBody(request, this.config.MCP_MAX_BODY_BYTES);
      } catch (error) {
        const status = error instanceof BodyError ? error.status : 400;
        const code = status === 413 ? JsonRpcErrorCode.invalidRequest : JsonRpcErrorCode.parseError;
        sendJsonRpcError(response, status, null, code, (error as Error).message);
        return;
      }
    }
    const calls = toolCallsIn(body);
    const slot = calls.length > 0 ? this.limiter.begin(caller.grant) : undefined;
    if (slot && 'reason' in slot) {
      this.tooMany(response, calls[0]?.id ?? null, slot);
      return;
    }
    try {
      if (!this.admitCalls(response, caller.grant, calls)) return;
      // The SDK hands `req.auth` to the tools as authInfo: the grant, never the token.
      const authInfo = {
        token: '',
        clientId: caller.grant.actorId,
        scopes: [...caller.grant.scopes],
        extra: {
          grant: caller.grant,
          ...(isOnlyToolCalls(body, calls) ? { calledTools: new Set(calls.map((call) => call.name)) } : {}),
        },
      };
      await this.serveMcp(Object.assign(request, { auth: authInfo }), response, body);
    } finally {
      slot?.release();
    }
  }

  onApplicationShutdown(): Promise<void> {
    this.limiter.close();
    return this.handler.close();
  }

  /** Checks each tools/call against the caller's access and rate limits; answers and returns false on the first refusal. */
  private admitCalls(
    response: ServerResponse,
    grant: AccessGrant,
    calls: ReturnType<typeof toolCallsIn>,
  ): boolean {
    const access = new AccessPolicy(grant);
    for (const call of calls) {
      const tool = TOOLS.get(call.name);
      // An unknown tool is the SDK's to answer (JSON-RPC "tool not found").
      if (!tool) continue;
      const refusal = access.refusalFor(tool);
      if (refusal && !access.allows(tool.scope)) {
        const scope = this.authenticator.oauth?.external(tool.scope) ?? tool.scope;
        this.refuse(response, { refusal, error: 'insufficient_scope', scope });
        return false;
      }
      if (refusal) {
        sendJsonRpcError(response, 403, call.id, JsonRpcErrorCode.forbidden, refusal);
        return false;
      }
      const limited = this.limiter.admit(grant, tool.name);
      if (limited) {
        this.tooMany(response, call.id, limited);
        return false;
      }
    }
    return true;
  }

  /** 401/403 with the RFC 6750 challenge (and where to find the authorization server, in OAuth mode). */
  private refuse(response: ServerResponse, refusal: Extract<Authentication, { refusal: string }>): void {
    if (refusal.error === 'server_error') {
      sendJson(response, 503, { error: 'temporarily_unavailable', error_description: refusal.refusal });
      return;
    }
    const parameters = [
      `realm="proxmox-mpc"`,
      `error="${refusal.error}"`,
      `error_description="${quotable(refusal.refusal)}"`,
      ...(refusal.scope ? [`scope="${refusal.scope}"`] : []),
      ...(this.resource ? [`resource_metadata="${this.resource.metadataUrl}"`] : []),
    ];
    sendJson(
      response,
      refusal.error === 'insufficient_scope' ? 403 : 401,
      { error: refusal.error, error_description: refusal.refusal },
      { 'www-authenticate': `Bearer ${parameters.join(', ')}` },
    );
  }

  private tooMany(response: ServerResponse, id: string | number | null, refusal: LimitRefusal): void {
    sendJsonRpcError(
      response,
      429,
      id,
      JsonRpcErrorCode.rateLimited,
      refusal.reason,
      { retryAfterSeconds: refusal.retryAfterSeconds },
      { 'retry-after': String(refusal.retryAfterSeconds) },
    );
  }
}

/** RFC 6750 quoted strings may not hold `"` or `\`, nor control characters. */
function quotable(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
}

/** Trace context from HTTP headers, for clients that trace the request rather than the call. */
function headerCarrier(request: globalThis.Request | undefined): Record<string, unknown> | undefined {
  const traceparent = request?.headers.get('traceparent');
  if (!traceparent) return undefined;
  const tracestate = request?.headers.get('tracestate');
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
