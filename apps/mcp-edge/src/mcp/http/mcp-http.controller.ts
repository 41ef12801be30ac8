import { All, Controller, Inject, Req, Res, type OnApplicationShutdown } from '@nestjs/common';
import { hostHeaderValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import type { Request, Response } from 'express';
import type { AccessGrant } from '../../access/access-policy';
import { TokenRegistry } from '../../access/token-registry';
import type { McpEdgeConfig } from '../../config';
import { McpServerFactory } from '../mcp-server-factory';

/**
 * The Streamable HTTP endpoint: one stateless handler for both the 2025-11-25 and the
 * 2026-07-28 protocol, behind bearer tokens and Host validation (DNS rebinding). The
 * token's grant reaches the tools through the SDK's `authInfo`; the token itself goes
 * no further than this controller.
 */
@Controller()
export class McpHttpController implements OnApplicationShutdown {
  private readonly handler: McpHttpHandler;
  private readonly validateHost: ((req: Request, res: Response) => boolean) | undefined;

  constructor(
    factory: McpServerFactory,
    private readonly tokens: TokenRegistry,
    @Inject(SERVICE_CONFIG) config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.validateHost =
      config.MCP_ALLOWED_HOSTS.length > 0 ? hostHeaderValidation(config.MCP_ALLOWED_HOSTS) : undefined;
    this.handler = createMcpHandler(
      factory.create((requestContext) => ({
        grant: requestContext.authInfo?.extra?.grant as AccessGrant,
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
  }

  @All('mcp')
  async serve(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.validateHost && !this.validateHost(request, response)) return;
    const result = this.tokens.authenticate(request.headers.authorization);
    if ('refusal' in result) {
      response
        .status(401)
        .set(
          'WWW-Authenticate',
          `Bearer realm="proxmox-mpc", error="invalid_token", error_description="${result.refusal}"`,
        )
        .json({ error: 'invalid_token', error_description: result.refusal });
      return;
    }
    const authInfo = {
      token: '',
      clientId: result.grant.actorId,
      scopes: [...result.grant.scopes],
      extra: { grant: result.grant },
    };
    await toNodeHandler({
      fetch: (webRequest, options) => this.handler.fetch(webRequest, { ...options, authInfo }),
    })(request, response);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handler.close();
  }
}

/** Trace context from HTTP headers, for clients that trace the request rather than the call. */
function headerCarrier(request: globalThis.Request | undefined): Record<string, unknown> | undefined {
  const traceparent = request?.headers.get('traceparent');
  if (!traceparent) return undefined;
  const tracestate = request?.headers.get('tracestate');
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
