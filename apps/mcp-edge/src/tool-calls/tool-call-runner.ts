import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { InputRequiredResult } from '@modelcontextprotocol/server';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { CommandTimeout, HandlerError, MessageBus, QueryFailed, type Outcome } from '@proxmox-mpc/bus';
import { ContractViolation, type ErrorCode, type Origin } from '@proxmox-mpc/contracts';
import { databaseUnavailable } from '@proxmox-mpc/persistence';
import {
  contextWithCorrelationId,
  LOGGER,
  Metrics,
  redactSecrets,
  SpanAttributes,
  type Logger,
} from '@proxmox-mpc/telemetry';
import { AccessPolicy, type AccessGrant } from '../access/access-policy';
import type { Confirmer } from '../approvals/confirmation';
import { SeekApprovalUseCase } from '../approvals/seek-approval.use-case';
import { FollowOperationUseCase } from '../operations/follow-operation.use-case';
import { SendOperationUseCase } from '../operations/send-operation.use-case';
import { describeView, toView } from '../tools/operation-view';
import { InventoryAnswers } from '../tools/read/inventory-answers';
import {
  ToolError,
  type OperateTool,
  type ReadTool,
  type ToolBus,
  type ToolContext,
  type ToolDefinition,
} from '../tools/tool-definition';
import { ToolPolicies } from '../tools/tool-policies';
import { ToolCallRecorder } from './tool-call-recorder';

/** Keys of the tool result's `_meta` that tie it to the audit log and the trace. */
export const ResultMeta = {
  correlationId: 'dev.proxmox-mpc/correlation-id',
  traceId: 'dev.proxmox-mpc/trace-id',
} as const;

export interface Caller {
  grant: AccessGrant;
  transport: 'http' | 'stdio';
  /** W3C trace context the client sent (request `_meta` or HTTP headers), if any. */
  traceCarrier?: Record<string, unknown>;
}

export interface ToolCallResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta: Record<string, string>;
}

/** What the MCP client of a call offers besides its arguments. */
export interface ClientChannel {
  /** Its user, when the client can ask them to confirm an operation. */
  confirmer?: Confirmer;
  /** Progress of an operation, when the client asked for it. */
  onProgress?: (progress: Outcome) => void;
}

type Failure = { code: ErrorCode; message: string };

const tracer = trace.getTracer('mcp-edge');

/**
 * Runs one tool call as one user action: a fresh correlation id and span, the caller's
 * scope checked, then either the read tool or the operation the tool prepares (past the
 * approval it may need, see `approvals/`), a metric, and an `evt.mcp.tool.called` record
 * of who called what and how it ended (arguments redacted).
 */
@Injectable()
export class ToolCallRunner {
  constructor(
    @Inject(MessageBus) private readonly bus: ToolBus,
    private readonly seekApproval: SeekApprovalUseCase,
    private readonly sendOperation: SendOperationUseCase,
    private readonly followOperation: FollowOperationUseCase,
    private readonly recorder: ToolCallRecorder,
    private readonly policies: ToolPolicies,
    private readonly inventory: InventoryAnswers,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async call(
    tool: ToolDefinition,
    args: Record<string, unknown>,
    caller: Caller,
    client: ClientChannel,
  ): Promise<ToolCallResult | InputRequiredResult> {
    const correlationId = randomUUID();
    const parent = contextWithCorrelationId(this.parentContext(caller), correlationId);
    return tracer.startActiveSpan(
      `tools/call ${tool.name}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [SpanAttributes.mcpToolName]: tool.name,
          [SpanAttributes.mcpTransport]: caller.transport,
          [SpanAttributes.correlationId]: correlationId,
        },
      },
      parent,
      async (span) => {
        const started = performance.now();
        const meta = {
          [ResultMeta.correlationId]: correlationId,
          [ResultMeta.traceId]: span.spanContext().traceId,
        };
        const access = new AccessPolicy(caller.grant);
        const context: ToolContext = {
          origin: { correlationId, actor: { kind: 'agent', id: caller.grant.actorId } },
          bus: this.bus,
          access,
          followOperation: this.followOperation,
          policies: this.policies,
          inventory: this.inventory,
        };
        let result: ToolCallResult | InputRequiredResult;
        let failure: Failure | undefined;
        try {
          const refusal = access.refusalFor(tool);
          if (refusal) throw new ToolError('FORBIDDEN', refusal);
          result =
            tool.kind === 'read'
              ? await this.read(tool, args, context, meta)
              : await this.operate(tool, args, context, meta, client);
          if (isToolCallResult(result) && result.isError)
            failure = { code: 'TASK_FAILED', message: textOf(result) };
        } catch (error) {
          failure = this.describeFailure(error, correlationId);
          result = {
            content: [{ type: 'text', text: `${failure.message} [${failure.code}]` }],
            isError: true,
            _meta: meta,
          };
        }
        if (failure) span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
        const durationMs = performance.now() - started;
        const outcome = failure ? 'error' : 'ok';
        Metrics.mcpToolCallSeconds.observe({ tool: tool.name, outcome }, durationMs / 1000);
        await this.record(tool, args, caller, context.origin, outcome, durationMs, failure);
        span.end();
        return result;
      },
    );
  }

  private async read(
    tool: ReadTool,
    args: Record<string, unknown>,
    context: ToolContext,
    meta: Record<string, string>,
  ): Promise<ToolCallResult> {
    const output = await tool.run(args, context);
    return {
      content: [{ type: 'text', text: output.summary }],
      structuredContent: output.structured as Record<string, unknown>,
      _meta: meta,
    };
  }

  private async operate(
    tool: OperateTool,
    args: Record<string, unknown>,
    context: ToolContext,
    meta: Record<string, string>,
    client: ClientChannel,
  ): Promise<ToolCallResult | InputRequiredResult> {
    const prepared = await tool.prepare(args, context);
    const { target } = prepared.request;
    // The command goes to the cluster the guest was found on (or the one the call named).
    const origin = target ? { ...context.origin, target } : context.origin;
    const request = { ...prepared.request, tool: tool.name, origin };
    const approval = await this.seekApproval.execute({
      request,
      confirmation: prepared.confirmation,
      ...(client.confirmer ? { confirmer: client.confirmer } : {}),
    });
    if (approval.kind === 'ask') return approval.result;
    const operation =
      approval.kind === 'held'
        ? approval.operation
        : await this.sendOperation.execute(request, {
            ...(approval.confirmedBy ? { confirmedBy: approval.confirmedBy } : {}),
            ...(client.onProgress ? { onProgress: client.onProgress } : {}),
          });
    const view = toView(operation);
    return {
      content: [{ type: 'text', text: describeView(view) }],
      structuredContent: view,
      ...(view.status === 'failed' ? { isError: true } : {}),
      _meta: meta,
    };
  }

  private parentContext(caller: Caller): Context {
    const carrier = caller.traceCarrier;
    return carrier && typeof carrier.traceparent === 'string'
      ? propagation.extract(ROOT_CONTEXT, carrier)
      : ROOT_CONTEXT;
  }

  private describeFailure(error: unknown, correlationId: string): Failure {
    if (
      error instanceof ToolError ||
      error instanceof QueryFailed ||
      error instanceof CommandTimeout ||
      error instanceof HandlerError
    ) {
      return { code: error.code, message: error.message };
    }
    if (error instanceof ContractViolation) return { code: 'INVALID_MESSAGE', message: error.message };
    const unavailable = databaseUnavailable(error);
    if (unavailable) {
      this.logger.warn({ err: error }, 'tool call failed: the database is unavailable');
      return {
        code: 'DATABASE_UNAVAILABLE',
        message: `mcp-edge's database is unavailable (${unavailable}); try again once it is back`,
      };
    }
    this.logger.error({ err: error }, 'tool call failed unexpectedly');
    return {
      code: 'INTERNAL',
      message: `internal error; see the mcp-edge log for correlation id ${correlationId}`,
    };
  }

  private async record(
    tool: ToolDefinition,
    args: Record<string, unknown>,
    caller: Caller,
    origin: Origin,
    outcome: 'ok' | 'error',
    durationMs: number,
    failure: Failure | undefined,
  ): Promise<void> {
    await this.recorder.record(
      {
        tool: tool.name,
        transport: caller.transport,
        arguments: redactSecrets(args),
        outcome,
        readOnly: tool.kind === 'read',
        durationMs: Math.round(durationMs * 1000) / 1000,
        ...(failure ? { error: failure } : {}),
      },
      origin,
    );
  }
}

function isToolCallResult(result: ToolCallResult | InputRequiredResult): result is ToolCallResult {
  return 'content' in result;
}

function textOf(result: ToolCallResult): string {
  return result.content.map((block) => block.text).join('\n');
}
