import { Module, type DynamicModule } from '@nestjs/common';
import type { McpEdgeConfig } from '../config';
import { ToolCallRunner } from '../tool-calls/tool-call-runner';
import { McpHttpController } from './http/mcp-http.controller';
import { McpServerFactory } from './mcp-server-factory';
import { StdioMcpServer } from './stdio/stdio-mcp-server';

@Module({})
export class McpModule {
  static register(config: McpEdgeConfig): DynamicModule {
    const http = config.MCP_TRANSPORT === 'http';
    return {
      module: McpModule,
      controllers: http ? [McpHttpController] : [],
      providers: [ToolCallRunner, McpServerFactory, ...(http ? [] : [StdioMcpServer])],
    };
  }
}
