import type { Msg } from '@nats-io/transport-node';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  CorrelationIdSchema,
  describeIssues,
  queryContractFor,
  toValidationIssues,
  type ErrorBody,
} from '@proxmox-mpc/contracts';
import {
  contextWithCorrelationId,
  MESSAGING_SYSTEM_NATS,
  Metrics,
  SpanAttributes,
  type Logger,
} from '@proxmox-mpc/telemetry';
import { decodeQuery } from '../envelope-codec';
import { HandlerError } from '../errors';
import { Headers } from '../names';
import { headersToRecord, headerValue, natsHeaderGetter } from '../nats-headers';
import { BusContext } from './bus-context';
import type { InvokeHandler } from './message-processor';

const tracer = trace.getTracer('@proxmox-mpc/bus');

/** Answers one query: `{ ok: true, data }` or `{ ok: false, error }` naming what was wrong. */
export class QueryResponder {
  constructor(
    private readonly logger: Logger,
    private readonly queueGroup: string,
  ) {}

  async respond(message: Msg, invoke: InvokeHandler): Promise<void> {
    const started = performance.now();
    const decoded = decodeQuery(message.subject, message.data);
    const correlationId = CorrelationIdSchema.safeParse(
      decoded.envelope?.correlationId ?? headerValue(message.headers, Headers.correlationId),
    ).data;
    const extracted = propagation.extract(ROOT_CONTEXT, message.headers, natsHeaderGetter);
    const parent = correlationId ? contextWithCorrelationId(extracted, correlationId) : extracted;
    const outcome = await tracer.startActiveSpan(
      `handle ${message.subject}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [SpanAttributes.messagingSystem]: MESSAGING_SYSTEM_NATS,
          [SpanAttributes.messagingDestination]: message.subject,
          [SpanAttributes.messagingOperation]: 'process',
          [SpanAttributes.messagingConsumerGroup]: this.queueGroup,
          ...(correlationId ? { [SpanAttributes.correlationId]: correlationId } : {}),
        },
      },
      parent,
      async (span) => {
        const reply = await this.answer(message, decoded, invoke);
        if (!reply.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: reply.error.message });
        span.end();
        message.respond(JSON.stringify(reply));
        return reply.ok ? 'ok' : reply.error.code;
      },
    );
    const labels = { subject: message.subject, kind: 'query', outcome };
    Metrics.messagesHandled.inc(labels);
    Metrics.messageHandlingSeconds.observe(labels, (performance.now() - started) / 1000);
  }

  private async answer(
    message: Msg,
    decoded: ReturnType<typeof decodeQuery>,
    invoke: InvokeHandler,
  ): Promise<{ ok: true; data: unknown } | { ok: false; error: ErrorBody }> {
    if (!decoded.ok) {
      return {
        ok: false,
        error: {
          code: 'INVALID_MESSAGE',
          message: `invalid ${message.subject} request: ${describeIssues(decoded.issues)}`,
          issues: decoded.issues,
        },
      };
    }
    try {
      const context = new BusContext([
        { subject: message.subject, deliveryCount: 1, headers: headersToRecord(message.headers) },
      ]);
      const result = await invoke(decoded.envelope, context);
      const checked = queryContractFor(message.subject)?.response.safeParse(result);
      if (!checked?.success) {
        const issues = checked ? toValidationIssues(checked.error, 'data') : [];
        this.logger.error(
          { subject: message.subject, issues },
          'query handler returned a reply that breaks its contract',
        );
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `internal error answering ${message.subject}` },
        };
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      if (error instanceof HandlerError) {
        return {
          ok: false,
          error: {
            code: error.code,
            message: error.message,
            ...(error.issues ? { issues: error.issues } : {}),
          },
        };
      }
      this.logger.error({ err: error, subject: message.subject }, 'query handler failed');
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `internal error answering ${message.subject}` },
      };
    }
  }
}
