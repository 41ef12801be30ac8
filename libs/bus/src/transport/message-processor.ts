import type { JsMsg } from '@nats-io/jetstream';
import { SpanKind, SpanStatusCode, type SpanContext } from '@opentelemetry/api';
import { parseTraceParent, TRACE_PARENT_HEADER } from '@opentelemetry/core';
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

/** Calls the handler; a batch handler gets its batch and no context (each message carries its own). */
export type InvokeHandler = (payload: unknown, context?: BusContext) => Promise<unknown>;

/**
 * How a consumer's messages reach its handler: one at a time (`@OnCommand`, `@OnEvent`),
 * decoded in batches (`@OnEvents`), or undecoded in batches (`@OnRawMessages`).
 */
export type Delivery = 'one' | 'batch' | 'raw';

export interface ConsumerBinding {
  stream: string;
  durable: string;
  filter: string;
  kind: 'command' | 'event';
  delivery: Delivery;
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

/** A message of an `@OnEvents` batch that decoded. */
interface ReceivedEvent {
  message: JsMsg;
  envelope: Envelope;
}

/** A message with the span that published it, from its trace headers. */
type Traced<T> = T & { sender: SpanContext | null };

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
    await this.processDecoded(message, binding, decodeMessage(message.subject, message.data));
  }

  /**
   * Hands an `@OnEvents` batch to its handler, decoded: one call, and one span, per trace
   * and correlation id among the messages (a sync's thousands of events share one), in
   * which the messages are acked together once the handler resolved; the calls of one
   * batch run side by side, as its messages would one by one. A message that does
   * not decode is given up on alone, as `process` would. If a call of several messages
   * throws, each is handled again alone, so a message the handler fails fails alone.
   */
  async processEvents(messages: JsMsg[], binding: ConsumerBinding): Promise<void> {
    const events: ReceivedEvent[] = [];
    for (const message of messages) {
      const decoded = decodeMessage(message.subject, message.data);
      if (decoded.ok) events.push({ message, envelope: decoded.envelope });
      else await this.processDecoded(message, binding, decoded);
    }
    const groups = byTrace(events, ({ envelope }) => envelope.correlationId);
    await Promise.all(groups.map((group) => this.processGroup(group, binding)));
  }

  /**
   * Hands a raw consumer's batch to its handler in one call, then acks each message the
   * handler did not fail and retries or gives up on the others, as `process` would. The
   * messages of one subject, trace and correlation id share a span in that trace (a
   * sync's thousands of events are a handful); the handler runs in none of them.
   */
  async processBatch(messages: JsMsg[], binding: ConsumerBinding): Promise<void> {
    const groups = byTrace(
      messages.map((message) => ({ message })),
      ({ message }) => headerValue(message.headers, Headers.correlationId),
    );
    const spans = groups.map((group) => {
      const { message } = group[0] as Traced<{ message: JsMsg }>;
      return startReceiveSpan(
        { subject: message.subject, headers: message.headers, envelope: undefined },
        groupSpanOptions(group, binding),
      );
    });
    const raw = new Map(messages.map((message) => [message, toRawMessage(message, binding.stream)]));
    const heartbeat = this.keepWorking(messages);
    let failures: RawBatchFailures;
    try {
      failures = (await binding.invoke([...raw.values()])) as RawBatchFailures;
    } catch (error) {
      failures = new Map([...raw.values()].map((message) => [message, error]));
    } finally {
      clearInterval(heartbeat);
    }
    for (const [index, group] of groups.entries()) {
      const outcomes: Outcome[] = [];
      for (const { message } of group) {
        const kept = raw.get(message) as RawBusMessage;
        if (failures.has(kept))
          outcomes.push(await this.fail(message, binding, undefined, failures.get(kept)));
        else {
          message.ack();
          outcomes.push('ok');
        }
      }
      const span = spans[index] as ReceiveSpan;
      const failed = outcomes.find((outcome) => outcome !== 'ok');
      if (failed) span.span.setStatus({ code: SpanStatusCode.ERROR, message: failed });
      span.end(outcomes);
    }
  }

  private async processGroup(
    group: ReadonlyArray<Traced<ReceivedEvent>>,
    binding: ConsumerBinding,
  ): Promise<void> {
    const first = group[0] as ReceivedEvent;
    const heartbeat = this.keepWorking(group.map(({ message }) => message));
    try {
      await withReceiveSpan(
        { subject: first.message.subject, headers: first.message.headers, envelope: first.envelope },
        groupSpanOptions(group, binding),
        async (span) => {
          const outcomes = await this.handleGroup(group, binding);
          const failed = outcomes.find((outcome) => outcome !== 'ok');
          if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: failed });
          return outcomes;
        },
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async handleGroup(
    group: ReadonlyArray<Traced<ReceivedEvent>>,
    binding: ConsumerBinding,
  ): Promise<Outcome[]> {
    try {
      await this.invokeEvents(group, binding);
      return group.map(() => 'ok');
    } catch (error) {
      if (group.length === 1) {
        const { message, envelope } = group[0] as ReceivedEvent;
        return [await this.fail(message, binding, envelope, error)];
      }
    }
    const outcomes: Outcome[] = [];
    for (const event of group) {
      try {
        await this.invokeEvents([event], binding);
        outcomes.push('ok');
      } catch (error) {
        outcomes.push(await this.fail(event.message, binding, event.envelope, error));
      }
    }
    return outcomes;
  }

  /**
   * One handler call for events of one correlation id; what it returns is emitted as
   * caused by the first of them.
   */
  private async invokeEvents(events: readonly ReceivedEvent[], binding: ConsumerBinding): Promise<void> {
    const first = events[0] as ReceivedEvent;
    const result = await binding.invoke(events.map(({ envelope }) => envelope));
    await this.commit(binding, first.message.subject, first.envelope, emitsOf(result));
    for (const { message } of events) message.ack();
  }

  private async processDecoded(message: JsMsg, binding: ConsumerBinding, decoded: Decoded): Promise<void> {
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
    const heartbeat = this.keepWorking([message]);
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
    // No reason with it: nats-server before 2.10 takes only a bare +TERM, ignores one with
    // a reason, and redelivers the message after the ack wait (reported again each time).
    // The failure event and the log say why.
    message.term();
    return failure.reason;
  }

  /**
   * Tells JetStream the messages are still being worked on, until the timer is cleared:
   * so a long Proxmox task or a slow database does not get them redelivered meanwhile.
   */
  private keepWorking(messages: readonly JsMsg[]): NodeJS.Timeout {
    return setInterval(() => {
      for (const message of messages) message.working();
    }, this.settings.ackWaitMs / 3);
  }

  private retryDelay(deliveries: number): number {
    return Math.min(
      this.settings.retryDelayMs * 2 ** Math.max(0, deliveries - 1),
      this.settings.maxRetryDelayMs,
    );
  }
}

function spanOptions(
  message: JsMsg,
  binding: ConsumerBinding,
  deliveryCount = message.info.deliveryCount,
): ReceiveSpanOptions {
  return {
    name: `process ${message.subject}`,
    spanKind: SpanKind.CONSUMER,
    kind: binding.kind,
    consumerGroup: binding.durable,
    attributes: { [SpanAttributes.messagingDeliveryCount]: deliveryCount },
  };
}

/**
 * Messages grouped by subject and by the trace and correlation id they were sent in, in
 * the order they came: what one span (`process <subject>`) covers when they are handled
 * together.
 */
function byTrace<T extends { message: JsMsg }>(
  items: readonly T[],
  correlationIdOf: (item: T) => string | undefined,
): Array<Array<Traced<T>>> {
  const groups = new Map<string, Array<Traced<T>>>();
  for (const item of items) {
    const sender = parseTraceParent(headerValue(item.message.headers, TRACE_PARENT_HEADER) ?? '');
    const key = `${item.message.subject} ${sender?.traceId ?? ''} ${correlationIdOf(item) ?? ''}`;
    const group = groups.get(key);
    if (group) group.push({ ...item, sender });
    else groups.set(key, [{ ...item, sender }]);
  }
  return [...groups.values()];
}

/** The span of messages handled together: a child of the first's publish span, linked to the others'. */
function groupSpanOptions(
  group: ReadonlyArray<Traced<{ message: JsMsg }>>,
  binding: ConsumerBinding,
): ReceiveSpanOptions {
  const { message } = group[0] as Traced<{ message: JsMsg }>;
  return {
    ...spanOptions(message, binding, Math.max(...group.map((item) => item.message.info.deliveryCount))),
    messages: group.length,
    links: group.slice(1).flatMap(({ sender }) => (sender ? [{ context: sender }] : [])),
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
