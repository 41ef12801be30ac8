import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { CommandTimeout, MessageBus, QueryFailed } from '@proxmox-mpc/bus';
import { ContractViolation, Subjects, type Actor, type ErrorCode } from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import {
  contextWithCorrelationId,
  LOGGER,
  Metrics,
  redactSecrets,
  SpanAttributes,
  type Logger,
} from '@proxmox-mpc/telemetry';
import type { McpEdgeConfig } from '../config';
import { ToolError, type ToolDefinition } from '../tools/tool-definition';

/** Keys of the tool result's `_meta` that tie it to the audit log and the trace. */
export const ResultMeta = {
  correlationId: 'dev.proxmox-mpc/correlation-id',
  traceId: 'dev.proxmox-mpc/trace-id',
} as const;

export interface Caller {
  actor: Actor;
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

const tracer = trace.getTracer('mcp-edge');

/**
 * Runs one tool call as one user action: a fresh correlation id, a span that parents
 * every hop that follows, a metric, and an `evt.mcp.tool.called` record of who called
 * what and how it ended (arguments redacted).
 */
@Injectable()
export class ToolCallRunner {
  constructor(
    private readonly bus: MessageBus,
    @Inject(SERVICE_CONFIG) private readonly config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async call(tool: ToolDefinition, args: Record<string, unknown>, caller: Caller): Promise<ToolCallResult> {
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
        let result: ToolCallResult;
        let failure: { code: ErrorCode; message: string } | undefined;
        try {
          const output = await tool.run(args, {
            bus: this.bus,
            origin: { correlationId, actor: caller.actor },
            timeoutMs: this.config.MCP_TOOL_TIMEOUT_MS,
          });
          result = {
            content: [{ type: 'text', text: output.summary }],
            structuredContent: output.structured as Record<string, unknown>,
            _meta: meta,
          };
        } catch (error) {
          failure = this.describeFailure(error, correlationId);
          span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
          result = {
            content: [{ type: 'text', text: `${failure.message} [${failure.code}]` }],
            isError: true,
            _meta: meta,
          };
        }
        const durationMs = performance.now() - started;
        const outcome = failure ? 'error' : 'ok';
        Metrics.mcpToolCallSeconds.observe({ tool: tool.name, outcome }, durationMs / 1000);
        await this.record(tool, args, caller, correlationId, outcome, durationMs, failure);
        span.end();
        return result;
      },
    );
  }

  private parentContext(caller: Caller): Context {
    const carrier = caller.traceCarrier;
    return carrier && typeof carrier.traceparent === 'string'
      ? propagation.extract(ROOT_CONTEXT, carrier)
      : ROOT_CONTEXT;
  }

  private describeFailure(error: unknown, correlationId: string): { code: ErrorCode; message: string } {
    if (error instanceof ToolError || error instanceof QueryFailed || error instanceof CommandTimeout) {
      return { code: error.code, message: error.message };
    }
    if (error instanceof ContractViolation) return { code: 'INVALID_MESSAGE', message: error.message };
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
    correlationId: string,
    outcome: 'ok' | 'error',
    durationMs: number,
    failure: { code: ErrorCode; message: string } | undefined,
  ): Promise<void> {
    try {
      await this.bus.publish(
        Subjects.mcpToolCalled,
        {
          tool: tool.name,
          transport: caller.transport,
          arguments: redactSecrets(args),
          outcome,
          durationMs: Math.round(durationMs * 1000) / 1000,
          ...(failure ? { error: failure } : {}),
        },
        { correlationId, actor: caller.actor },
      );
    } catch (error) {
      this.logger.error({ err: error, tool: tool.name }, 'could not publish the tool-call record');
    }
  }
}
