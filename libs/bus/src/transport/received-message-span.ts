import type { MsgHdrs } from '@nats-io/transport-node';
import {
  propagation,
  ROOT_CONTEXT,
  trace,
  type Attributes,
  type Span,
  type SpanKind,
} from '@opentelemetry/api';
import { CorrelationIdSchema, type Envelope } from '@proxmox-mpc/contracts';
import {
  contextWithCorrelationId,
  MESSAGING_SYSTEM_NATS,
  Metrics,
  SpanAttributes,
} from '@proxmox-mpc/telemetry';
import { Headers } from '../names';
import { headerValue, natsHeaderGetter } from '../nats-headers';

const tracer = trace.getTracer('@proxmox-mpc/bus');

export interface ReceivedMessage {
  subject: string;
  headers: MsgHdrs | undefined;
  /** Whatever could be read of the envelope, even from an invalid message. */
  envelope: Partial<Envelope> | undefined;
}

export interface ReceiveSpanOptions {
  name: string;
  spanKind: SpanKind;
  kind: 'command' | 'event' | 'query';
  consumerGroup: string;
  attributes?: Attributes;
}

/** The message's correlation id from its envelope, else its header; only if well-formed. */
export function correlationIdOf(message: ReceivedMessage): string | undefined {
  return (
    CorrelationIdSchema.safeParse(message.envelope?.correlationId).data ??
    CorrelationIdSchema.safeParse(headerValue(message.headers, Headers.correlationId)).data
  );
}

/**
 * Runs the handling of a received message inside a span that continues the sender's
 * trace (from the NATS headers), with the correlation id in context for logs and
 * follow-up messages, and records the handled-message metrics under `work`'s outcome.
 */
export async function withReceiveSpan(
  message: ReceivedMessage,
  options: ReceiveSpanOptions,
  work: (span: Span) => Promise<string>,
): Promise<void> {
  const started = performance.now();
  const correlationId = correlationIdOf(message);
  const extracted = propagation.extract(ROOT_CONTEXT, message.headers, natsHeaderGetter);
  const parent = correlationId ? contextWithCorrelationId(extracted, correlationId) : extracted;
  const messageId = message.envelope?.id;
  const outcome = await tracer.startActiveSpan(
    options.name,
    {
      kind: options.spanKind,
      attributes: {
        [SpanAttributes.messagingSystem]: MESSAGING_SYSTEM_NATS,
        [SpanAttributes.messagingDestination]: message.subject,
        [SpanAttributes.messagingOperation]: 'process',
        [SpanAttributes.messagingConsumerGroup]: options.consumerGroup,
        ...(typeof messageId === 'string' ? { [SpanAttributes.messagingMessageId]: messageId } : {}),
        ...(correlationId ? { [SpanAttributes.correlationId]: correlationId } : {}),
        ...options.attributes,
      },
    },
    parent,
    async (span) => {
      try {
        const result = await work(span);
        span.setAttribute(SpanAttributes.outcome, result);
        return result;
      } finally {
        span.end();
      }
    },
  );
  const labels = { subject: message.subject, kind: options.kind, outcome };
  Metrics.messagesHandled.inc(labels);
  Metrics.messageHandlingSeconds.observe(labels, (performance.now() - started) / 1000);
}
