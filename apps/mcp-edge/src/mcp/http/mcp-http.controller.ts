import { All, Controller, Inject, Req, Res, type OnApplicationShutdown } from '@nestjs/common';
import { hostHeaderValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import type { Request, Response } from 'express';
import type { McpEdgeConfig } from '../../config';
import { McpServerFactory } from '../mcp-server-factory';
import { BearerTokenVerifier } from './bearer-token-verifier';

/**
 * The Streamable HTTP endpoint: one stateless handler for both the 2025-11-25 and the
 * 2026-07-28 protocol, behind a bearer token and Host validation (DNS rebinding).
 */
@Controller()
export class McpHttpController implements OnApplicationShutdown {
  private readonly handler: McpHttpHandler;
  private readonly verifier: BearerTokenVerifier;
  private readonly validateHost: ((req: Request, res: Response) => boolean) | undefined;

  constructor(
    factory: McpServerFactory,
    @Inject(SERVICE_CONFIG) config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.verifier = new BearerTokenVerifier(config.MCP_BEARER_TOKEN ?? '');
    this.validateHost =
      config.MCP_ALLOWED_HOSTS.length > 0 ? hostHeaderValidation(config.MCP_ALLOWED_HOSTS) : undefined;
    const actor = { kind: 'agent' as const, id: `token:${config.MCP_TOKEN_NAME}` };
    this.handler = createMcpHandler(
      factory.create((requestContext, meta) => ({
        actor,
        transport: 'http',
        traceCarrier: meta?.traceparent ? meta : headerCarrier(requestContext.requestInfo),
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
    const refusal = this.verifier.refuse(request.headers.authorization);
    if (refusal) {
      response
        .status(401)
        .set(
          'WWW-Authenticate',
          `Bearer realm="proxmox-mpc", error="invalid_token", error_description="${refusal}"`,
        )
        .json({ error: 'invalid_token', error_description: refusal });
      return;
    }
    await toNodeHandler(this.handler)(request, response);
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
