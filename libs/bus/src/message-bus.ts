import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import {
  ErrorBodySchema,
  MessageContracts,
  QueryContracts,
  Subjects,
  toValidationIssues,
  type CommandSubject,
  type DataOf,
  type Envelope,
  type MessageSubject,
  type Origin,
  type OutcomeSubjectOf,
  type QueryInputOf,
  type QueryResponseOf,
  type QuerySubject,
} from '@proxmox-mpc/contracts';
import {
  contextWithCorrelationId,
  inSpan,
  MESSAGING_SYSTEM_NATS,
  Metrics,
  SpanAttributes,
  type Logger,
} from '@proxmox-mpc/telemetry';
import { connectNats } from './coalescing-transport';
import { buildEnvelope, decodeMessage } from './envelope-codec';
import { CommandTimeout, QueryFailed } from './errors';
import { BusDefaults, Headers, streamForSubject } from './names';
import { natsHeaderSetter } from './nats-headers';
import { natsConnectionOptions } from './nats-url';
import { OutcomeWaiter, type Outcome } from './outcome-waiter';
import { ConnectionState, isNoResponders, requestWithinDeadline } from './resilient-request';
import { SharedRoundTrip } from './shared-round-trip';
import { defaultStreamSettings, ensureStreams, type StreamSettings } from './streams';

export interface MessageBusOptions {
  /** The service name: envelope `source`, durable consumer prefix and query queue group. */
  service: string;
  natsUrl: string;
  streams?: StreamSettings;
  /**
   * A client that only publishes and listens (a CI pipeline): it neither creates streams
   * nor asks the JetStream API anything, so a credential limited to publishing works.
   */
  publishOnly?: boolean;
}

/** A command's ending event, typed by the command's contract. */
export type CommandOutcome<S extends CommandSubject> = {
  [E in OutcomeSubjectOf<S>]: { subject: E; envelope: Envelope<DataOf<E>> };
}[OutcomeSubjectOf<S>];

export interface OutcomeOptions {
  timeoutMs: number;
  /** Progress events caused by the command, as they arrive. */
  onProgress?: (progress: Outcome) => void;
  /**
   * Stops waiting (rejects with the signal's reason): a person gave up. The command is
   * on the bus already and still runs to its end.
   */
  signal?: AbortSignal;
}

/** Trace headers saved with an outbox row, so the trace continues at the relay. */
export type TraceCarrier = Record<string, string>;

const tracer = trace.getTracer('@proxmox-mpc/bus');

const NATS_DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * The one way services publish, query and send commands. Every message is an envelope
 * validated against its subject's contract, carries `Nats-Msg-Id` = envelope id (so
 * JetStream drops duplicates), W3C trace headers and the correlation id.
 */
export class MessageBus {
  private readonly waiter: OutcomeWaiter;
  private readonly connection = new ConnectionState();
  /** caughtUp's pings: callers under load share one instead of a ping each. */
  private readonly pings = new SharedRoundTrip(() => this.nats.flush());

  private constructor(
    readonly nats: NatsConnection,
    readonly jetstream: JetStreamClient,
    readonly manager: JetStreamManager,
    readonly options: MessageBusOptions,
    private readonly logger: Logger,
  ) {
    this.waiter = new OutcomeWaiter(nats, logger);
    void this.watchConnection();
  }

  /** The largest message the server takes (its `max_payload`; NATS's default until it has told). */
  get maxPayloadBytes(): number {
    return this.nats.info?.max_payload ?? NATS_DEFAULT_MAX_PAYLOAD;
  }

  static async connect(options: MessageBusOptions, logger: Logger): Promise<MessageBus> {
    const nats = await connectNats({
      ...natsConnectionOptions(options.natsUrl),
      name: options.service,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      // Otherwise every request and flush records a stack trace up front, in case it fails:
      // a measurable share of a query's cost, for traces our errors do not show.
      noAsyncTraces: true,
    });
    const manager = await jetstreamManager(nats, { checkAPI: !options.publishOnly });
    const bus = new MessageBus(nats, jetstream(nats), manager, options, logger);
    if (!options.publishOnly) await ensureStreams(manager, options.streams ?? defaultStreamSettings);
    return bus;
  }

  get service(): string {
    return this.options.service;
  }

  /** False while the client is disconnected (reconnecting), draining or closed. */
  isConnected(): boolean {
    return this.connection.connected && !this.nats.isClosed() && !this.nats.isDraining();
  }

  /**
   * Names the current unbroken connection to NATS (a new one after every loss), or
   * undefined while there is none: state fed by plain subscriptions (which miss what is
   * published while disconnected) is current only while this has not changed.
   */
  unbrokenConnection(): number | undefined {
    return this.isConnected() ? this.connection.generation : undefined;
  }

  /**
   * Resolves once NATS has answered a ping sent after the call (shared with callers who
   * asked at about the same time): by then this client has received,
   * and handed to their subscriptions, every message the server routed to it before
   * (one server delivers to a connection in order). So state a plain subscription keeps
   * current reflects everything published before the call. Resolves at once while
   * disconnected, when there is nothing to wait for.
   */
  async caughtUp(): Promise<void> {
    if (this.isConnected()) await this.pings.wait();
  }

  /**
   * A validated envelope for `subject`, ready to publish now or store in the outbox.
   * `id` is for a message whose id was promised before it was sent (a held command).
   */
  envelope<S extends MessageSubject>(
    subject: S,
    data: DataOf<S>,
    origin: Origin,
    id?: string,
  ): Envelope<DataOf<S>> {
    const contract = MessageContracts[subject];
    return buildEnvelope(subject, contract.type, contract.data, data, origin, this.service, id);
  }

  async publish<S extends MessageSubject>(
    subject: S,
    data: DataOf<S>,
    origin: Origin,
  ): Promise<Envelope<DataOf<S>>> {
    const envelope = this.envelope(subject, data, origin);
    await this.publishEnvelope(subject, envelope);
    return envelope;
  }

  /**
   * Publishes an already-built envelope and waits for JetStream to say it stored it.
   * `parent` restores the trace a message was created in when it is published later (the
   * outbox relay); `ackTimeoutMs` bounds the wait for JetStream's acknowledgement.
   */
  async publishEnvelope(
    subject: string,
    envelope: Envelope,
    parent?: TraceCarrier,
    options: { ackTimeoutMs?: number } = {},
  ): Promise<void> {
    await this.publishEncoded(subject, envelope, JSON.stringify(envelope), parent, options);
  }

  /**
   * Publishes an envelope already encoded as `json` (the outbox relays the text
   * PostgreSQL stored rather than decoding and encoding it again); `envelope` gives the
   * fields its span and headers carry.
   */
  async publishEncoded(
    subject: string,
    envelope: Pick<Envelope, 'id' | 'type' | 'correlationId'>,
    json: string,
    parent?: TraceCarrier,
    options: { ackTimeoutMs?: number } = {},
  ): Promise<void> {
    const parentContext = parent ? propagation.extract(context.active(), parent) : context.active();
    const spanContext = contextWithCorrelationId(parentContext, envelope.correlationId);
    await tracer.startActiveSpan(
      `publish ${subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [SpanAttributes.messagingSystem]: MESSAGING_SYSTEM_NATS,
          [SpanAttributes.messagingDestination]: subject,
          [SpanAttributes.messagingOperation]: 'publish',
          [SpanAttributes.messagingMessageId]: envelope.id,
          [SpanAttributes.messageType]: envelope.type,
          [SpanAttributes.correlationId]: envelope.correlationId,
        },
      },
      spanContext,
      async (span) => {
        try {
          const headers = natsHeaders();
          propagation.inject(context.active(), headers, natsHeaderSetter);
          headers.set(Headers.correlationId, envelope.correlationId);
          await this.jetstream.publish(subject, json, {
            msgID: envelope.id,
            headers,
            ...(options.ackTimeoutMs === undefined ? {} : { timeout: options.ackTimeoutMs }),
          });
          Metrics.messagesPublished.inc({ subject, outcome: 'ok' });
        } catch (error) {
          Metrics.messagesPublished.inc({ subject, outcome: 'error' });
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /** The trace headers of the active context, to store beside an outbox row. */
  captureTrace(ctx: Context = context.active()): TraceCarrier {
    const carrier: TraceCarrier = {};
    propagation.inject(ctx, carrier);
    return carrier;
  }

  /** Read-only request/reply on `qry.*`; throws QueryFailed with the responder's error. */
  async query<Q extends QuerySubject>(
    subject: Q,
    request: QueryInputOf<Q>,
    origin: Origin,
    options: { timeoutMs?: number } = {},
  ): Promise<QueryResponseOf<Q>> {
    const timeoutMs = options.timeoutMs ?? BusDefaults.queryTimeoutMs;
    return this.request(subject, request, origin, async (payload, headers) => {
      const reply = await requestWithinDeadline(this.nats, this.connection, {
        subject,
        payload,
        headers,
        timeoutMs,
        noResponderPatienceMs: Math.min(timeoutMs, BusDefaults.noResponderPatienceMs),
      });
      return this.parseReply(subject, reply.json<unknown>());
    });
  }

  /**
   * Asks a query that every replica answers (`@OnQuery(subject, { everyReplica: true })`)
   * and collects what arrives within `windowMs`: one entry per replica that answered,
   * a QueryFailed for a reply that was an error. Nobody answering is an empty list, not
   * an error: for a caller taking stock (which services are up), that is the answer.
   */
  async gather<Q extends QuerySubject>(
    subject: Q,
    request: QueryInputOf<Q>,
    origin: Origin,
    options: { windowMs: number },
  ): Promise<Array<QueryResponseOf<Q> | QueryFailed>> {
    return this.request(subject, request, origin, async (payload, headers) => {
      const answers: Array<QueryResponseOf<Q> | QueryFailed> = [];
      const replies = await this.nats.requestMany(subject, payload, {
        strategy: 'timer',
        maxWait: options.windowMs,
        headers,
      });
      try {
        for await (const reply of replies) {
          try {
            answers.push(this.parseReply(subject, reply.json<unknown>()));
          } catch (error) {
            if (!(error instanceof QueryFailed)) throw error;
            answers.push(error);
          }
        }
      } catch (error) {
        // No responders ends the iteration with an error: nobody is up, which is an answer.
        if (!isNoResponders(error)) throw error;
      }
      return answers;
    });
  }

  /**
   * Sends a command and waits for the event that ends it (a contract outcome, or the
   * transport's `evt.bus.message.failed`). Throws CommandTimeout if none arrives.
   */
  async execute<S extends CommandSubject>(
    subject: S,
    data: DataOf<S>,
    origin: Origin,
    options: OutcomeOptions,
  ): Promise<CommandOutcome<S>> {
    const envelope = this.envelope(subject, data, origin);
    return this.awaitOutcome(subject, envelope, options, () => this.publishEnvelope(subject, envelope));
  }

  /**
   * Waits for the event that ends `command` (sent by `send`, which runs once the wait is
   * registered: directly, or through the outbox). Progress events go to `onProgress`.
   * Only the command's id and correlation id are needed, so `send` may build the envelope.
   */
  async awaitOutcome<S extends CommandSubject>(
    subject: S,
    command: Pick<Envelope, 'id' | 'correlationId'>,
    options: OutcomeOptions,
    send: () => Promise<void>,
  ): Promise<CommandOutcome<S>> {
    const contract = MessageContracts[subject];
    const outcomes = [...contract.outcomes, Subjects.busMessageFailed];
    const progress =
      contract.progress && options.onProgress
        ? { subject: contract.progress, onProgress: options.onProgress }
        : undefined;
    const outcome = this.waiter.expect(command.id, outcomes, progress);
    let timer: NodeJS.Timeout | undefined;
    let abandon: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CommandTimeout(subject, command.id, command.correlationId, options.timeoutMs)),
        options.timeoutMs,
      );
      abandon = () => reject(options.signal?.reason);
      options.signal?.addEventListener('abort', abandon, { once: true });
    });
    try {
      options.signal?.throwIfAborted();
      await send();
      return (await Promise.race([outcome, stopped])) as CommandOutcome<S>;
    } finally {
      clearTimeout(timer);
      if (abandon) options.signal?.removeEventListener('abort', abandon);
      this.waiter.cancel(command.id);
    }
  }

  /**
   * Subscribes for the first valid event on `subject` that `match` accepts (a plain
   * subscription, nothing stored): for a client that announces something and waits for
   * the answer. Resolves once the server has the subscription, so an answer to anything
   * published afterwards, from any connection, cannot be missed; `event` is the answer.
   */
  async expectEvent<S extends MessageSubject>(
    subject: S,
    match: (envelope: Envelope<DataOf<S>>) => boolean,
    timeoutMs: number,
  ): Promise<{ event: Promise<Envelope<DataOf<S>>> }> {
    const event = new Promise<Envelope<DataOf<S>>>((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.unsubscribe();
        reject(new Error(`no ${subject} arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      const subscription = this.nats.subscribe(subject, {
        callback: (error, message) => {
          if (error) return;
          const decoded = decodeMessage(message.subject, message.data);
          if (!decoded.ok || !match(decoded.envelope as Envelope<DataOf<S>>)) return;
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(decoded.envelope as Envelope<DataOf<S>>);
        },
      });
    });
    // The subscription reaches the server with the next round trip; until then another
    // connection's publish would pass it by.
    await this.nats.flush();
    return { event };
  }

  /**
   * The newest event stored on `subject` (an exact event subject), validated against its
   * contract; undefined when the stream holds none. For state announced at intervals
   * that a reader needs only the latest of.
   */
  async lastEvent<S extends MessageSubject>(subject: S): Promise<Envelope<DataOf<S>> | undefined> {
    const stored = await this.manager.streams.getMessage(streamForSubject(subject), {
      last_by_subj: subject,
    });
    if (!stored) return undefined;
    const decoded = decodeMessage(subject, stored.data);
    if (!decoded.ok) throw new Error(`the newest ${subject} message in the stream is invalid`);
    return decoded.envelope as Envelope<DataOf<S>>;
  }

  /**
   * Drains subscriptions and pending publishes, then closes the connection. While the
   * server is away there is nothing to drain to: it closes at once instead of waiting
   * for a reconnect that may never come.
   */
  async close(): Promise<void> {
    this.waiter.close();
    if (this.nats.isClosed()) return;
    const ending = this.connection.connected ? this.nats.drain() : this.nats.close();
    await ending.catch((error: unknown) => this.logger.warn({ err: error }, 'NATS close failed'));
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (status.type === 'disconnect') {
        this.connection.disconnected();
        this.logger.warn({ server: status.server }, 'NATS disconnected; reconnecting');
      } else if (status.type === 'reconnect') {
        this.connection.reconnect();
        this.logger.info({ server: status.server }, 'NATS reconnected');
      }
    }
  }

  /** Builds and validates the request envelope and sends it in a CLIENT span with trace headers. */
  private async request<Q extends QuerySubject, T>(
    subject: Q,
    request: QueryInputOf<Q>,
    origin: Origin,
    send: (payload: string, headers: MsgHdrs) => Promise<T>,
  ): Promise<T> {
    const contract = QueryContracts[subject];
    const envelope = buildEnvelope(subject, contract.type, contract.request, request, origin, this.service);
    const spanContext = contextWithCorrelationId(context.active(), origin.correlationId);
    return inSpan(
      tracer,
      `request ${subject}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [SpanAttributes.messagingSystem]: MESSAGING_SYSTEM_NATS,
          [SpanAttributes.messagingDestination]: subject,
          [SpanAttributes.messagingOperation]: 'send',
          [SpanAttributes.messagingMessageId]: envelope.id,
          [SpanAttributes.correlationId]: origin.correlationId,
        },
      },
      spanContext,
      () => {
        const headers = natsHeaders();
        propagation.inject(context.active(), headers, natsHeaderSetter);
        headers.set(Headers.correlationId, origin.correlationId);
        return send(JSON.stringify(envelope), headers);
      },
    );
  }

  private parseReply<Q extends QuerySubject>(subject: Q, body: unknown): QueryResponseOf<Q> {
    const reply = body as { ok?: unknown; data?: unknown; error?: unknown };
    if (reply?.ok === true) {
      const data = QueryContracts[subject].response.safeParse(reply.data);
      if (data.success) return data.data as QueryResponseOf<Q>;
      throw new QueryFailed(subject, {
        code: 'INTERNAL',
        message: `the reply to ${subject} does not match its contract`,
        issues: toValidationIssues(data.error, 'data'),
      });
    }
    const error = ErrorBodySchema.safeParse(reply?.error);
    throw new QueryFailed(
      subject,
      error.success ? error.data : { code: 'INTERNAL', message: `malformed reply to ${subject}` },
    );
  }
}
