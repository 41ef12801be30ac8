import type { JsMsg } from '@nats-io/jetstream';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ActorSchema,
  ContractViolation,
  CorrelationIdSchema,
  describeIssues,
  originFrom,
  Subjects,
  type Envelope,
  type ErrorCode,
  type MessageFailed,
  type Origin,
} from '@proxmox-mpc/contracts';
import { SpanAttributes, type Logger } from '@proxmox-mpc/telemetry';
import type { DataSource } from 'typeorm';
import type { Emit } from '../emit';
import { decodeMessage, type Decoded } from '../envelope-codec';
import { HandlerError } from '../errors';
import type { MessageBus } from '../message-bus';
import { Headers } from '../names';
import { headersToRecord, headerValue } from '../nats-headers';
import type { CommandInbox } from '../persistence/inbox';
import type { Outbox } from '../persistence/outbox';
import { BusContext } from './bus-context';
import type { RawBatchFailures, RawBusMessage } from './raw-message';
import {
  correlationIdOf,
  startReceiveSpan,
  withReceiveSpan,
  type ReceiveSpan,
  type ReceiveSpanOptions,
} from './received-message-span';

/** Calls the handler; a raw consumer's handler gets its batch and no context (each message carries its own). */
export type InvokeHandler = (payload: unknown, context?: BusContext) => Promise<unknown>;

export interface ConsumerBinding {
  stream: string;
  durable: string;
  filter: string;
  kind: 'command' | 'event';
  raw: boolean;
  invoke: InvokeHandler;
}

export interface ProcessorSettings {
  commandMaxAgeMs: number;
  maxDeliver: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  ackWaitMs: number;
}

type Outcome = 'ok' | 'duplicate' | 'retry' | MessageFailed['reason'];

interface GiveUp {
  reason: MessageFailed['reason'];
  code: ErrorCode;
  message: string;
  issues?: MessageFailed['issues'];
}

/**
 * Decides the fate of one JetStream message: validate, skip duplicates, run the
 * handler, commit its events with the inbox record, then ack; or nak with backoff; or
 * give up with an `evt.bus.message.failed` event and term. Never drops silently.
 */
export class MessageProcessor {
  constructor(
    private readonly bus: MessageBus,
    private readonly dataSource: DataSource,
    private readonly inbox: CommandInbox,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
    private readonly settings: ProcessorSettings,
  ) {}

  async process(message: JsMsg, binding: ConsumerBinding): Promise<void> {
    const decoded = decodeMessage(message.subject, message.data);
    await withReceiveSpan(
      { subject: message.subject, headers: message.headers, envelope: decoded.envelope },
      spanOptions(message, binding),
      async (span) => {
        const outcome = await this.handle(message, binding, decoded);
        if (outcome !== 'ok' && outcome !== 'duplicate')
          span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        return outcome;
      },
    );
  }

  /**
   * Hands a raw consumer's batch to its handler in one call, then acks each message the
   * handler did not fail and retries or gives up on the others, as `process` would. Each
   * message still has its own span in its sender's trace; the handler runs in none of them.
   */
  async processBatch(messages: JsMsg[], binding: ConsumerBinding): Promise<void> {
    const spans = messages.map((message) =>
      startReceiveSpan(
        { subject: message.subject, headers: message.headers, envelope: undefined },
        spanOptions(message, binding),
      ),
    );
    const batch = messages.map((message) => toRawMessage(message, binding.stream));
    // Heartbeats keep JetStream from redelivering while a slow database holds the batch.
    const heartbeat = setInterval(() => {
      for (const message of messages) message.working();
    }, this.settings.ackWaitMs / 3);
    let failures: RawBatchFailures;
    try {
      failures = (await binding.invoke(batch)) as RawBatchFailures;
    } catch (error) {
      failures = new Map(batch.map((message) => [message, error]));
    } finally {
      clearInterval(heartbeat);
    }
    for (const [index, message] of messages.entries()) {
      const raw = batch[index] as RawBusMessage;
      const span = spans[index] as ReceiveSpan;
      if (!failures.has(raw)) {
        message.ack();
        span.end('ok');
        continue;
      }
      const outcome = await this.fail(message, binding, undefined, failures.get(raw));
      span.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end(outcome);
    }
  }

  private async handle(message: JsMsg, binding: ConsumerBinding, decoded: Decoded): Promise<Outcome> {
    if (!decoded.ok) {
      return this.giveUp(message, binding, decoded.envelope, {
        reason: 'invalid',
        code: 'INVALID_MESSAGE',
        message: `invalid ${message.subject} message: ${describeIssues(decoded.issues)}`,
        issues: decoded.issues,
      });
    }
    const envelope = decoded.envelope;
    if (binding.kind === 'command') {
      const ageMs = Date.now() - Date.parse(envelope.time);
      if (ageMs > this.settings.commandMaxAgeMs) {
        return this.giveUp(message, binding, envelope, {
          reason: 'expired',
          code: 'EXPIRED',
          message: `command is ${Math.round(ageMs / 1000)}s old; commands older than ${Math.round(this.settings.commandMaxAgeMs / 1000)}s are refused`,
        });
      }
      if (await this.inbox.hasProcessed(envelope.id)) {
        this.logger.info(
          { messageId: envelope.id, subject: message.subject },
          'command already executed; skipped',
        );
        message.ack();
        return 'duplicate';
      }
    }

    const busContext = new BusContext([
      {
        subject: message.subject,
        deliveryCount: message.info.deliveryCount,
        headers: headersToRecord(message.headers),
      },
    ]);
    // Heartbeats keep JetStream from redelivering while a long Proxmox task runs.
    const heartbeat = setInterval(() => message.working(), this.settings.ackWaitMs / 3);
    try {
      const result = await binding.invoke(envelope, busContext);
      await this.commit(binding, message.subject, envelope, emitsOf(result));
      message.ack();
      return 'ok';
    } catch (error) {
      return this.fail(message, binding, envelope, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async commit(
    binding: ConsumerBinding,
    subject: string,
    envelope: Envelope,
    emits: Emit[],
  ): Promise<void> {
    const recordInbox = binding.kind === 'command';
    if (!recordInbox && emits.length === 0) return;
    const emitted = await this.dataSource.transaction(async (manager) => {
      if (recordInbox && !(await this.inbox.markProcessed(manager, envelope.id, subject))) return false;
      for (const event of emits) {
        const followUp = this.bus.envelope(event.subject, event.data, originFrom(envelope));
        await this.outbox.enqueue(manager, event.subject, followUp);
      }
      return emits.length > 0;
    });
    if (emitted) void this.outbox.flush();
  }

  private async fail(
    message: JsMsg,
    binding: ConsumerBinding,
    envelope: Envelope | undefined,
    error: unknown,
  ): Promise<Outcome> {
    const deliveries = message.info.deliveryCount;
    if (error instanceof HandlerError && !error.retryable) {
      return this.giveUp(message, binding, envelope, {
        reason: 'failed',
        code: error.code,
        message: error.message,
        ...(error.issues ? { issues: error.issues } : {}),
      });
    }
    if (error instanceof ContractViolation) {
      return this.giveUp(message, binding, envelope, {
        reason: 'failed',
        code: 'INVALID_MESSAGE',
        message: error.message,
        issues: error.issues,
      });
    }
    const text = error instanceof Error ? error.message : String(error);
    if (deliveries >= this.settings.maxDeliver) {
      return this.giveUp(message, binding, envelope, {
        reason: 'exhausted',
        code: error instanceof HandlerError ? error.code : 'HANDLER_FAILED',
        message: `gave up after ${deliveries} deliveries: ${text}`,
      });
    }
    const delay = this.retryDelay(deliveries);
    this.logger.warn(
      { err: error, subject: message.subject, deliveries, retryInMs: delay },
      'handler failed; will retry',
    );
    message.nak(delay);
    return 'retry';
  }

  private async giveUp(
    message: JsMsg,
    binding: ConsumerBinding,
    envelope: Partial<Envelope> | undefined,
    failure: GiveUp,
  ): Promise<Outcome> {
    const messageId =
      (typeof envelope?.id === 'string' ? envelope.id : undefined) ??
      headerValue(message.headers, Headers.messageId) ??
      `${binding.stream}:${message.seq}`;
    this.logger.error({ subject: message.subject, messageId, ...failure }, 'message given up');
    // A failure report about a failure report would loop while its consumer is broken.
    if (message.subject !== Subjects.busMessageFailed) {
      const origin: Origin = {
        correlationId:
          correlationIdOf({ subject: message.subject, headers: message.headers, envelope }) ??
          CorrelationIdSchema.safeParse(messageId).data ??
          'unknown',
        causationId: messageId,
        actor: ActorSchema.safeParse(envelope?.actor).data ?? { kind: 'service', id: this.bus.service },
      };
      try {
        await this.bus.publish(
          Subjects.busMessageFailed,
          {
            subject: message.subject,
            messageId,
            consumer: binding.durable,
            deliveries: message.info.deliveryCount,
            ...failure,
          },
          origin,
        );
      } catch (error) {
        this.logger.error(
          { err: error, messageId },
          'could not report a failed message; it will be redelivered',
        );
        message.nak(this.retryDelay(message.info.deliveryCount));
        return 'retry';
      }
    }
    message.term(failure.message.slice(0, 200));
    return failure.reason;
  }

  private retryDelay(deliveries: number): number {
    return Math.min(
      this.settings.retryDelayMs * 2 ** Math.max(0, deliveries - 1),
      this.settings.maxRetryDelayMs,
    );
  }
}

function spanOptions(message: JsMsg, binding: ConsumerBinding): ReceiveSpanOptions {
  return {
    name: `process ${message.subject}`,
    spanKind: SpanKind.CONSUMER,
    kind: binding.kind,
    consumerGroup: binding.durable,
    attributes: { [SpanAttributes.messagingDeliveryCount]: message.info.deliveryCount },
  };
}

function emitsOf(result: unknown): Emit[] {
  if (result === undefined || result === null) return [];
  return Array.isArray(result) ? (result as Emit[]) : [result as Emit];
}

function toRawMessage(message: JsMsg, stream: string): RawBusMessage {
  return {
    subject: message.subject,
    stream,
    streamSequence: message.seq,
    storedAt: message.time,
    headers: headersToRecord(message.headers),
    body: message.data,
  };
}
