import type { MsgHdrs } from '@nats-io/transport-node';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  trace,
  type Attributes,
  type Context,
  type Link,
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
  /** How many messages the span covers (a batch handled in one call); 1 if not given. */
  messages?: number;
  links?: Link[];
}

/** The message's correlation id from its envelope, else its header; only if well-formed. */
export function correlationIdOf(message: ReceivedMessage): string | undefined {
  const candidates = [message.envelope?.correlationId, headerValue(message.headers, Headers.correlationId)];
  // Only what is there is parsed: a failed parse costs far more than a lookup (raw messages have no envelope).
  for (const candidate of candidates) {
    const parsed = candidate === undefined ? undefined : CorrelationIdSchema.safeParse(candidate).data;
    if (parsed) return parsed;
  }
  return undefined;
}

/** A CONSUMER span of one received message, started but not made active. */
export interface ReceiveSpan {
  span: Span;
  /** The sender's trace with this span in it: what handling the message runs in. */
  context: Context;
  /**
   * Ends the span and counts its messages in the handled-message metrics: under
   * `outcome`, or one outcome per message. The span shows the first that is not `ok`.
   */
  end(outcome: string | readonly string[]): void;
}

/**
 * Starts the span of a received message, continuing the sender's trace (from the NATS
 * headers), with the correlation id in context for logs and follow-up messages.
 */
export function startReceiveSpan(message: ReceivedMessage, options: ReceiveSpanOptions): ReceiveSpan {
  const started = performance.now();
  const correlationId = correlationIdOf(message);
  const extracted = propagation.extract(ROOT_CONTEXT, message.headers, natsHeaderGetter);
  const parent = correlationId ? contextWithCorrelationId(extracted, correlationId) : extracted;
  const messageId = message.envelope?.id;
  const messages = options.messages ?? 1;
  const span = tracer.startSpan(
    options.name,
    {
      kind: options.spanKind,
      attributes: {
        [SpanAttributes.messagingSystem]: MESSAGING_SYSTEM_NATS,
        [SpanAttributes.messagingDestination]: message.subject,
        [SpanAttributes.messagingOperation]: 'process',
        [SpanAttributes.messagingConsumerGroup]: options.consumerGroup,
        ...(typeof messageId === 'string' && messages === 1
          ? { [SpanAttributes.messagingMessageId]: messageId }
          : {}),
        ...(correlationId ? { [SpanAttributes.correlationId]: correlationId } : {}),
        ...(messages > 1 ? { [SpanAttributes.messagingBatchMessageCount]: messages } : {}),
        ...options.attributes,
      },
      ...(options.links?.length ? { links: options.links } : {}),
    },
    parent,
  );
  return {
    span,
    context: trace.setSpan(parent, span),
    end(outcome) {
      const outcomes = typeof outcome === 'string' ? Array<string>(messages).fill(outcome) : outcome;
      span.setAttribute(SpanAttributes.outcome, outcomes.find((each) => each !== 'ok') ?? 'ok');
      span.end();
      const seconds = (performance.now() - started) / 1000;
      for (const [each, count] of countsOf(outcomes)) {
        const labels = { subject: message.subject, kind: options.kind, outcome: each };
        Metrics.messagesHandled.inc(labels, count);
        Metrics.messageHandlingSeconds.observe(labels, seconds);
      }
    },
  };
}

function countsOf(outcomes: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return counts;
}

/**
 * Runs the handling of a received message (or of messages handled together) inside its
 * span (see startReceiveSpan), and records the handled-message metrics under `work`'s
 * outcome, or outcomes.
 */
export async function withReceiveSpan(
  message: ReceivedMessage,
  options: ReceiveSpanOptions,
  work: (span: Span) => Promise<string | readonly string[]>,
): Promise<void> {
  const received = startReceiveSpan(message, options);
  let outcome: string | readonly string[];
  try {
    outcome = await context.with(received.context, () => work(received.span));
  } catch (error) {
    received.span.end();
    throw error;
  }
  received.end(outcome);
}
