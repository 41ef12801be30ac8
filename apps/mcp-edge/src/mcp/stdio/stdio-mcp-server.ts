import { userInfo } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { serveStdio, StdioServerTransport, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import type { McpEdgeConfig } from '../../config';
import { McpServerFactory } from '../mcp-server-factory';

/**
 * MCP over stdin/stdout for clients that launch mcp-edge as a subprocess. The process
 * owner is the caller, so no token is asked for; when the client closes stdin the
 * service shuts down the normal way.
 */
@Injectable()
export class StdioMcpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private handle: StdioServerHandle | undefined;

  constructor(
    private readonly factory: McpServerFactory,
    @Inject(SERVICE_CONFIG) private readonly config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const grant = {
      actorId: `stdio:${userInfo().username}`,
      scopes: this.config.MCP_STDIO_SCOPES,
      nodes: [],
      guests: [],
      tools: [],
    };
    const transport = new StdioServerTransport();
    transport.onclose = () => {
      this.logger.info('stdio client disconnected');
      process.kill(process.pid, 'SIGTERM');
    };
    this.handle = serveStdio(
      this.factory.create(() => ({ grant, transport: 'stdio' })),
      { transport, onerror: (error) => this.logger.warn({ err: error }, 'stdio MCP error') },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle?.close();
  }
}
