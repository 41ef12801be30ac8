import { Module, type DynamicModule } from '@nestjs/common';
import { Authenticator } from '../access/authenticator';
import { StaticTokens } from '../access/static-tokens';
import { ApprovalsController } from '../admin/approvals.controller';
import type { McpEdgeConfig } from '../config';
import { OperationOutcomeHandler } from '../operations/operation-outcome.handler';
import { OperationService } from '../operations/operation-service';
import { ApiTokenStore } from '../tokens/api-token.store';
import { CreateApiTokenUseCase } from '../tokens/create-api-token.use-case';
import { ListApiTokensUseCase } from '../tokens/list-api-tokens.use-case';
import { PostgresApiTokenStore } from '../tokens/postgres-api-token.store';
import { RevokeApiTokenUseCase } from '../tokens/revoke-api-token.use-case';
import { TokensController } from '../tokens/tokens.controller';
import { ToolCallRecorder } from '../tool-calls/tool-call-recorder';
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
      controllers: [
        OperationOutcomeHandler,
        ...(http ? [McpHttpController, ApprovalsController, TokensController] : []),
      ],
      providers: [
        { provide: StaticTokens, useFactory: () => new StaticTokens(config) },
        { provide: ApiTokenStore, useClass: PostgresApiTokenStore },
        CreateApiTokenUseCase,
        ListApiTokensUseCase,
        RevokeApiTokenUseCase,
        Authenticator,
        OperationService,
        ToolCallRecorder,
        ToolCallRunner,
        McpServerFactory,
        ...(http ? [] : [StdioMcpServer]),
      ],
    };
  }
}
