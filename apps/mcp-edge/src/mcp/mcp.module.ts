import { Module, type DynamicModule } from '@nestjs/common';
import { Authenticator } from '../access/authenticator';
import { StaticTokens } from '../access/static-tokens';
import { ApprovalExpirySchedule } from '../approvals/approval-expiry.schedule';
import { ApprovalPolicy } from '../approvals/approval-policy';
import { ApprovalsController } from '../approvals/approvals.controller';
import { ApprovalsHandler } from '../approvals/approvals.handler';
import { ConfirmationChannel } from '../approvals/confirmation';
import { DecideApprovalUseCase } from '../approvals/decide-approval.use-case';
import { ExpireApprovalsUseCase } from '../approvals/expire-approvals.use-case';
import { ListApprovalsUseCase } from '../approvals/list-approvals.use-case';
import { SeekApprovalUseCase } from '../approvals/seek-approval.use-case';
import type { McpEdgeConfig } from '../config';
import { HostResolver, SystemHostResolver } from '../downloads/host-resolver';
import { BusCommandOutcomes, CommandOutcomes } from '../operations/command-outcomes';
import { FollowOperationUseCase } from '../operations/follow-operation.use-case';
import { ListOperationsUseCase } from '../operations/list-operations.use-case';
import { OperationOutcomeHandler } from '../operations/operation-outcome.handler';
import { OperationStore } from '../operations/operation.store';
import { OperationsHandler } from '../operations/operations.handler';
import { PostgresOperationStore } from '../operations/postgres-operation.store';
import { RecordOperationOutcomeUseCase } from '../operations/record-operation-outcome.use-case';
import { SendOperationUseCase } from '../operations/send-operation.use-case';
import { ApiTokenStore } from '../tokens/api-token.store';
import { CachedApiTokenStore } from '../tokens/cached-api-token.store';
import { CreateApiTokenUseCase } from '../tokens/create-api-token.use-case';
import { ListApiTokensUseCase } from '../tokens/list-api-tokens.use-case';
import { PostgresApiTokenStore } from '../tokens/postgres-api-token.store';
import { RevokeApiTokenUseCase } from '../tokens/revoke-api-token.use-case';
import { TokensController } from '../tokens/tokens.controller';
import { TokenRevocationsHandler } from '../tokens/token-revocations.handler';
import { TokensHandler } from '../tokens/tokens.handler';
import { ToolCallRecorder } from '../tool-calls/tool-call-recorder';
import { ToolCallRunner } from '../tool-calls/tool-call-runner';
import { InventoryAnnouncementsHandler } from '../tools/read/inventory-announcements.handler';
import { InventoryAnswers } from '../tools/read/inventory-answers';
import { ToolPolicies } from '../tools/tool-policies';
import { WEB_CONSOLE_CONTROLLERS, WEB_CONSOLE_PROVIDERS } from '../web/web-console';
import { McpHttpEndpoint } from './http/mcp-http.endpoint';
import { ProtectedResourceController } from './http/protected-resource.controller';
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
        InventoryAnnouncementsHandler,
        // The operator's side (admin HTTP and the console's bus subjects) lives with the
        // HTTP replicas; a stdio server is one agent's process with a narrower login.
        ...(http
          ? [
              ProtectedResourceController,
              ApprovalsController,
              TokensController,
              ApprovalsHandler,
              TokensHandler,
              TokenRevocationsHandler,
              OperationsHandler,
              ...WEB_CONSOLE_CONTROLLERS,
            ]
          : []),
      ],
      providers: [
        { provide: StaticTokens, useFactory: () => new StaticTokens(config) },
        PostgresApiTokenStore,
        CachedApiTokenStore,
        // Only the HTTP replicas hear revocations (TokenRevocationsHandler), so only they may remember tokens.
        { provide: ApiTokenStore, useExisting: http ? CachedApiTokenStore : PostgresApiTokenStore },
        CreateApiTokenUseCase,
        ListApiTokensUseCase,
        RevokeApiTokenUseCase,
        Authenticator,
        { provide: OperationStore, useClass: PostgresOperationStore },
        { provide: CommandOutcomes, useClass: BusCommandOutcomes },
        SendOperationUseCase,
        RecordOperationOutcomeUseCase,
        FollowOperationUseCase,
        ListOperationsUseCase,
        { provide: ApprovalPolicy, useFactory: () => new ApprovalPolicy(config.MCP_APPROVAL_POLICY) },
        { provide: ConfirmationChannel, useFactory: () => ConfirmationChannel.withKey(config.MCP_STATE_KEY) },
        SeekApprovalUseCase,
        DecideApprovalUseCase,
        ListApprovalsUseCase,
        ExpireApprovalsUseCase,
        ApprovalExpirySchedule,
        ToolCallRecorder,
        { provide: HostResolver, useClass: SystemHostResolver },
        {
          provide: ToolPolicies,
          useFactory: (resolver: HostResolver) => new ToolPolicies(config, resolver),
          inject: [HostResolver],
        },
        InventoryAnswers,
        ToolCallRunner,
        McpServerFactory,
        ...(http ? [McpHttpEndpoint, ...WEB_CONSOLE_PROVIDERS] : [StdioMcpServer]),
      ],
    };
  }
}
