import { setImmediate, setTimeout } from 'node:timers/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Injectable, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  Subjects,
  type DataOf,
  type Envelope,
  type GuestPowerRequested,
  type GuestsListRequest,
  type GuestsListResponse,
  type Origin,
} from '@proxmox-mpc/contracts';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger, startTracing, type TracingHandle } from '@proxmox-mpc/telemetry';
import {
  CommandTimeout,
  BusDefaults,
  durableName,
  emit,
  HandlerError,
  JetStreamServer,
  MessageBus,
  OnCommand,
  OnEvents,
  OnQuery,
  OnRawMessages,
  QueryFailed,
  type RawBatchFailures,
  type RawBusMessage,
} from '@proxmox-mpc/bus';
import {
  EventRecorder,
  pollUntil,
  startTestInfrastructure,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import { delay, of } from 'rxjs';
import { DatabaseError } from 'pg';
import type { ServiceDefinition } from './bootstrap';
import { BaseConfigSchema, type BaseConfig } from './config/base-config';
import { startInProcessService, type InProcessService } from './in-process-service';

/** What the probe service's handlers do; each test sets it. */
@Injectable()
class Behaviour {
  calls: Array<Envelope<GuestPowerRequested>> = [];
  onCommand: (command: Envelope<GuestPowerRequested>, attempt: number) => unknown = () => undefined;
  /** The message id of every raw message handed over, once per delivery. */
  rawDeliveries: string[] = [];
  /** How many messages each batch of the gathering raw consumer held. */
  rawBatchSizes: number[] = [];
  /** Awaited before that consumer handles a batch. */
  beforeRawBatch: () => Promise<void> = async () => undefined;
  /** Throws for a raw message the handler fails. */
  onRaw: (message: RawBusMessage) => void = () => undefined;
  /** The VMIDs of each call of the batch event handler, and whether it threw. */
  eventBatches: Array<{ vmids: number[]; failed: boolean }> = [];
  /** Awaited before that handler handles a batch. */
  beforeEventBatch: () => Promise<void> = async () => undefined;
}

// The VMID the batch event handler refuses.
const POISON_VMID = 666;

@Controller()
class ProbeHandlers {
  constructor(private readonly behaviour: Behaviour) {}

  @OnCommand(Subjects.proxmoxGuestPower)
  async power(@Payload() command: Envelope<GuestPowerRequested>): Promise<unknown> {
    this.behaviour.calls.push(command);
    const attempt = this.behaviour.calls.filter((call) => call.id === command.id).length;
    return this.behaviour.onCommand(command, attempt);
  }

  @OnRawMessages('evt.probe.>', { concurrency: 100 })
  async keep(@Payload() messages: RawBusMessage[]): Promise<RawBatchFailures> {
    const failures = new Map<RawBusMessage, unknown>();
    for (const message of messages) {
      this.behaviour.rawDeliveries.push(message.headers['Nats-Msg-Id'] as string);
      try {
        this.behaviour.onRaw(message);
      } catch (error) {
        failures.set(message, error);
      }
    }
    return failures;
  }

  @OnRawMessages('evt.gather.>', { concurrency: 100 })
  async gather(@Payload() messages: RawBusMessage[]): Promise<RawBatchFailures> {
    this.behaviour.rawBatchSizes.push(messages.length);
    await this.behaviour.beforeRawBatch();
    return new Map();
  }

  @OnEvents(Subjects.proxmoxInventoryGuestsDeleted, { concurrency: 100 })
  async deletedGuests(
    @Payload() events: Array<Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestsDeleted>>>,
  ): Promise<void> {
    await this.behaviour.beforeEventBatch();
    const vmids = events.flatMap((event) => event.data.guests.map((guest) => guest.vmid));
    const failed = vmids.includes(POISON_VMID);
    this.behaviour.eventBatches.push({ vmids, failed });
    if (failed) throw new Error(`guest ${POISON_VMID} refused`);
  }

  @OnQuery(Subjects.proxmoxGuestsList)
  list(@Payload() request: Envelope<GuestsListRequest>): GuestsListResponse {
    if (request.data.node === 'missing')
      throw new HandlerError('NOT_FOUND', 'node missing does not exist', false);
    // As a statement fails when PostgreSQL restarts under it: pg's own error, SQLSTATE 57P03.
    if (request.data.node === 'restarting')
      throw Object.assign(new DatabaseError('the database system is shutting down', 0, 'error'), {
        code: '57P03',
      });
    return { target: 'probe', guests: [], source: 'live', syncedAt: new Date().toISOString(), ageMs: 0 };
  }
}

@Module({ controllers: [ProbeHandlers], providers: [Behaviour], exports: [Behaviour] })
class ProbeModule {}

const probe: ServiceDefinition<BaseConfig> = {
  name: 'bus-probe',
  configSchema: BaseConfigSchema,
  defaultHttpPort: 0,
  features: () => [ProbeModule],
};

const origin: Origin = { correlationId: 'corr-1', actor: { kind: 'operator', id: 'tester' } };
const completed = (command: Envelope<GuestPowerRequested>) =>
  emit(Subjects.proxmoxOperationCompleted, {
    operation: 'power',
    vmid: command.data.vmid,
    node: 'pve1',
    type: 'qemu',
    action: command.data.action,
    upids: ['UPID:pve1:00000001:00000001:00000001:qmstart:100:root@pam!mpc:'],
    status: 'running',
    durationMs: 1,
  });

describe(JetStreamServer.name, () => {
  let infrastructure: TestInfrastructure;
  let service: InProcessService;
  let client: MessageBus;
  let events: EventRecorder;
  let behaviour: Behaviour;
  let tracing: TracingHandle;
  const spans = new InMemorySpanExporter();
  /**
   * From now on, waits until the service's connection has read `count` more messages and
   * its consumers have taken them in: what the server delivered is not yet read by the
   * service on a busy machine, and what is not read yet makes batches of its own.
   */
  const readingFromNow = () => {
    const read = () => service.app.get(MessageBus).nats.stats().inMsgs;
    const before = read();
    return async (count: number) => {
      await pollUntil(
        async () => read() - before,
        (done) => done >= count,
      );
      await setImmediate();
    };
  };

  beforeAll(async () => {
    tracing = startTracing({
      serviceName: 'bus-spec',
      serviceVersion: 'test',
      exportOtlp: false,
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    infrastructure = await startTestInfrastructure();
    service = await startInProcessService(probe, {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      BUS_RETRY_DELAY_MS: '20',
      BUS_COMMAND_MAX_AGE_MS: '60000',
    });
    behaviour = service.app.get(Behaviour);
    client = await MessageBus.connect(
      { service: 'test-client', natsUrl: infrastructure.natsUrl },
      createLogger({ service: 'test-client', level: 'silent' }),
    );
    events = await EventRecorder.start(infrastructure.natsUrl);
  });

  afterAll(async () => {
    await events?.stop();
    await client?.close();
    await service?.stop();
    await infrastructure?.stop();
    await tracing?.shutdown();
  });

  beforeEach(() => {
    behaviour.calls = [];
    behaviour.onCommand = () => undefined;
  });

  it('should publish the events a command handler returns, tied to the command', async () => {
    behaviour.onCommand = completed;
    const outcome = await client.execute(Subjects.proxmoxGuestPower, { vmid: 101, action: 'start' }, origin, {
      timeoutMs: 10_000,
    });
    expect(outcome.subject).toBe(Subjects.proxmoxOperationCompleted);
    expect(outcome.envelope.correlationId).toBe('corr-1');
    expect(outcome.envelope.causationId).toBe(behaviour.calls[0]?.id);
    expect(outcome.envelope.actor).toEqual(origin.actor);
    expect(outcome.envelope.source).toBe('bus-probe');
  });

  it('should carry the trace from the command, through its handler, to its outcome', async () => {
    behaviour.onCommand = completed;
    const command = await client.publish(Subjects.proxmoxGuestPower, { vmid: 102, action: 'start' }, origin);
    const received = await events.waitFor((message) => message.envelope.causationId === command.id);
    const published = spans
      .getFinishedSpans()
      .find((span) => span.attributes['messaging.message.id'] === command.id);
    const traceId = published?.spanContext().traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(received.headers.traceparent).toContain(`00-${traceId}-`);
    expect(received.headers['correlation-id']).toBe('corr-1');
    const consumed = spans
      .getFinishedSpans()
      .find(
        (span) =>
          span.name === `process ${Subjects.proxmoxGuestPower}` && span.spanContext().traceId === traceId,
      );
    expect(consumed?.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': Subjects.proxmoxGuestPower,
      'correlation.id': 'corr-1',
    });
  });

  it('should not run a redelivered command twice', async () => {
    behaviour.onCommand = completed;
    const command = client.envelope(Subjects.proxmoxGuestPower, { vmid: 103, action: 'start' }, origin);
    // The same envelope published twice without a Nats-Msg-Id, so JetStream stores both copies.
    await client.jetstream.publish(Subjects.proxmoxGuestPower, JSON.stringify(command));
    await events.waitFor((message) => message.envelope.causationId === command.id);
    await client.jetstream.publish(Subjects.proxmoxGuestPower, JSON.stringify(command));
    const marker = await client.publish(Subjects.proxmoxGuestPower, { vmid: 104, action: 'start' }, origin);
    await events.waitFor((message) => message.envelope.causationId === marker.id);
    expect(behaviour.calls.filter((call) => call.id === command.id)).toHaveLength(1);
    expect(events.messages.filter((message) => message.envelope.causationId === command.id)).toHaveLength(1);
  });

  it('should drop a second publish of the same envelope id', async () => {
    behaviour.onCommand = completed;
    const command = client.envelope(Subjects.proxmoxGuestPower, { vmid: 105, action: 'start' }, origin);
    await client.publishEnvelope(Subjects.proxmoxGuestPower, command);
    await events.waitFor((message) => message.envelope.causationId === command.id);
    const again = await client.jetstream.publish(Subjects.proxmoxGuestPower, JSON.stringify(command), {
      msgID: command.id,
    });
    expect(again.duplicate).toBe(true);
  });

  it('should reject a command that fails its schema, naming the field, without running it', async () => {
    const bad = { ...client.envelope(Subjects.proxmoxGuestPower, { vmid: 106, action: 'start' }, origin) };
    const body = JSON.stringify({ ...bad, data: { vmid: 106, action: 'hibernate' } });
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', bad.id);
    await client.jetstream.publish(Subjects.proxmoxGuestPower, body, { headers });
    const failure = await events.waitFor(
      (message) => message.subject === Subjects.busMessageFailed && message.envelope.causationId === bad.id,
    );
    expect(failure.envelope.data).toMatchObject({
      reason: 'invalid',
      code: 'INVALID_MESSAGE',
      deliveries: 1,
    });
    expect((failure.envelope.data as { issues: Array<{ path: string }> }).issues[0]?.path).toBe(
      'data.action',
    );
    expect(failure.envelope.correlationId).toBe('corr-1');
    expect(behaviour.calls).toHaveLength(0);
  });

  it('should report a message that is not JSON at all', async () => {
    const id = randomUUID();
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', id);
    await client.jetstream.publish(Subjects.proxmoxGuestPower, 'not json', { headers });
    const failure = await events.waitFor((message) => message.envelope.causationId === id);
    expect(failure.envelope.data).toMatchObject({ reason: 'invalid', messageId: id });
    expect((failure.envelope.data as { message: string }).message).toContain('not JSON');
  });

  it('should retry a handler that fails transiently, then succeed', async () => {
    behaviour.onCommand = (command, attempt) => {
      if (attempt < 3) throw new Error('connection reset');
      return completed(command);
    };
    const outcome = await client.execute(Subjects.proxmoxGuestPower, { vmid: 107, action: 'start' }, origin, {
      timeoutMs: 10_000,
    });
    expect(outcome.subject).toBe(Subjects.proxmoxOperationCompleted);
    expect(behaviour.calls).toHaveLength(3);
  });

  it('should give up after the last delivery and say so in a failure event', async () => {
    behaviour.onCommand = () => {
      throw new Error('proxmox is on fire');
    };
    const outcome = await client.execute(Subjects.proxmoxGuestPower, { vmid: 108, action: 'stop' }, origin, {
      timeoutMs: 15_000,
    });
    expect(outcome.subject).toBe(Subjects.busMessageFailed);
    expect(outcome.envelope.data).toMatchObject({
      reason: 'exhausted',
      code: 'HANDLER_FAILED',
      deliveries: 5,
    });
    expect((outcome.envelope.data as { message: string }).message).toContain('proxmox is on fire');
    expect(behaviour.calls).toHaveLength(5);
  });

  it('should not retry a permanent handler failure', async () => {
    behaviour.onCommand = () => {
      throw new HandlerError('FORBIDDEN', 'token may not power VM 109', false);
    };
    const outcome = await client.execute(Subjects.proxmoxGuestPower, { vmid: 109, action: 'stop' }, origin, {
      timeoutMs: 10_000,
    });
    expect(outcome.envelope.data).toMatchObject({ reason: 'failed', code: 'FORBIDDEN', deliveries: 1 });
    expect(behaviour.calls).toHaveLength(1);
  });

  it('should refuse a command older than the configured maximum age', async () => {
    const stale = {
      ...client.envelope(Subjects.proxmoxGuestPower, { vmid: 110, action: 'stop' }, origin),
      time: new Date(Date.now() - 3_600_000).toISOString(),
    };
    await client.publishEnvelope(Subjects.proxmoxGuestPower, stale);
    const failure = await events.waitFor((message) => message.envelope.causationId === stale.id);
    expect(failure.envelope.data).toMatchObject({ reason: 'expired', code: 'EXPIRED' });
    expect(behaviour.calls).toHaveLength(0);
  });

  it('should wait for a handler that answers with a delayed observable before acking', async () => {
    behaviour.onCommand = (command) => of(completed(command)).pipe(delay(300));
    const outcome = await client.execute(Subjects.proxmoxGuestPower, { vmid: 111, action: 'start' }, origin, {
      timeoutMs: 10_000,
    });
    expect(outcome.subject).toBe(Subjects.proxmoxOperationCompleted);
  });

  it('should time out a command whose outcome does not come in time', async () => {
    let release: () => void = () => undefined;
    behaviour.onCommand = (command) =>
      new Promise((resolve) => (release = () => resolve(completed(command))));
    await expect(
      client.execute(Subjects.proxmoxGuestPower, { vmid: 112, action: 'start' }, origin, { timeoutMs: 300 }),
    ).rejects.toBeInstanceOf(CommandTimeout);
    release();
  });

  it('should answer a query through the queue group', async () => {
    const reply = await client.query(Subjects.proxmoxGuestsList, {}, origin);
    expect(reply.target).toBe('probe');
  });

  it('should refuse to send a query that breaks its contract', async () => {
    const bad = { type: 'vm' } as unknown as GuestsListRequest;
    await expect(client.query(Subjects.proxmoxGuestsList, bad, origin)).rejects.toThrow(/data\.type/);
  });

  it('should answer an invalid query with the field that is wrong', async () => {
    const request = {
      id: randomUUID(),
      type: 'proxmox.guests.list',
      source: 'hand-written',
      time: new Date().toISOString(),
      correlationId: 'corr-1',
      actor: origin.actor,
      data: { type: 'vm' },
    };
    const reply = await client.nats.request(Subjects.proxmoxGuestsList, JSON.stringify(request));
    const body = reply.json<{ ok: boolean; error: { code: string; issues: Array<{ path: string }> } }>();
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('INVALID_MESSAGE');
    expect(body.error.issues[0]?.path).toBe('data.type');
  });

  it('should answer a query the database could not serve as a database outage, to ask again later', async () => {
    const failure = client.query(Subjects.proxmoxGuestsList, { node: 'restarting' }, origin);

    await expect(failure).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      message:
        "bus-probe's database is unavailable (the database system is shutting down); ask again once it is back",
      transient: true,
    });
  });

  it('should pass a handler error to the caller with its code', async () => {
    await expect(client.query(Subjects.proxmoxGuestsList, { node: 'missing' }, origin)).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
        message: 'node missing does not exist',
      },
    );
  });

  it('should ack each raw message its batch handler kept, and retry and give up on only the one it failed', async () => {
    behaviour.onRaw = (message) => {
      if (JSON.parse(new TextDecoder().decode(message.body)).poison) throw new Error('refused');
    };
    const sent = Array.from({ length: 40 }, () => ({
      id: randomUUID(),
      traceId: randomBytes(16).toString('hex'),
    }));
    const poison = sent[7]?.id as string;
    await Promise.all(
      sent.map(({ id, traceId }) => {
        const headers = natsHeaders();
        headers.set('Nats-Msg-Id', id);
        headers.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
        return client.jetstream.publish('evt.probe.kept', JSON.stringify({ poison: id === poison }), {
          headers,
        });
      }),
    );

    const failure = await events.waitFor(
      (message) => message.subject === Subjects.busMessageFailed && message.envelope.causationId === poison,
    );

    expect(failure.envelope.data).toMatchObject({ reason: 'exhausted', deliveries: 5, messageId: poison });
    const deliveries = (id: string) => behaviour.rawDeliveries.filter((delivered) => delivered === id).length;
    expect(sent.map(({ id }) => deliveries(id))).toEqual(sent.map(({ id }) => (id === poison ? 5 : 1)));
    // Each message is processed in its sender's trace, as one handled alone would be.
    const outcomes = (traceId: string) =>
      spans
        .getFinishedSpans()
        .filter((span) => span.name === 'process evt.probe.kept' && span.spanContext().traceId === traceId)
        .map((span) => span.attributes['proxmox_mpc.outcome']);
    expect(sent.map(({ traceId }) => outcomes(traceId).slice(0, 4))).toEqual(
      sent.map(({ id }) => (id === poison ? ['retry', 'retry', 'retry', 'retry'] : ['ok'])),
    );
  });

  /** Publishes `count` messages to the gathering raw consumer. */
  const publishToGather = (count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        client.jetstream.publish('evt.gather.probe', '{}', { msgID: randomUUID() }),
      ),
    );
  /** The gathering raw consumer, as JetStream counts its messages. */
  const gatherConsumer = () => client.manager.consumers.info('EVT', durableName('bus-probe', 'evt.gather.>'));
  /** One message to the gathering consumer, its batch held until the returned function is called. */
  const holdFirstGatheredBatch = async (): Promise<() => void> => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    behaviour.rawBatchSizes = [];
    behaviour.beforeRawBatch = () => (behaviour.rawBatchSizes.length === 1 ? held : Promise.resolve());
    await publishToGather(1);
    await pollUntil(
      async () => behaviour.rawBatchSizes.length,
      (batches) => batches === 1,
    );
    return release;
  };
  const unacked = async () => (await gatherConsumer()).num_ack_pending;

  it('should gather the raw messages that come in while a batch is handled into the next batch', async () => {
    const release = await holdFirstGatheredBatch();
    const readAll = readingFromNow();
    await publishToGather(10);
    // All eleven delivered: the first held in its batch, ten read and waiting for the next.
    await pollUntil(unacked, (pending) => pending === 11);
    await readAll(10);
    release();
    await pollUntil(unacked, (pending) => pending === 0);

    expect(behaviour.rawBatchSizes).toEqual([1, 10]);
  });

  it('should keep the messages it gathered behind a batch held past the ack wait from being sent again', async () => {
    const release = await holdFirstGatheredBatch();
    const readAll = readingFromNow();
    await publishToGather(3);
    await readAll(3);
    await setTimeout(BusDefaults.ackWaitMs + 1_000);
    const whileHeld = await gatherConsumer();
    release();
    await pollUntil(unacked, (pending) => pending === 0);

    expect(whileHeld).toMatchObject({ num_ack_pending: 4, num_redelivered: 0 });
    expect(behaviour.rawBatchSizes).toEqual([1, 3]);
  }, 30_000);

  it('should give the raw messages of one trace in a batch one span in that trace', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    behaviour.rawBatchSizes = [];
    behaviour.beforeRawBatch = () => (behaviour.rawBatchSizes.length === 1 ? held : Promise.resolve());
    const traceId = randomBytes(16).toString('hex');
    const publishInTrace = () => {
      const headers = natsHeaders();
      headers.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
      headers.set('correlation-id', 'corr-raw');
      return client.jetstream.publish('evt.gather.traced', '{}', { msgID: randomUUID(), headers });
    };
    const consumer = durableName('bus-probe', 'evt.gather.>');
    const unacked = async () => (await client.manager.consumers.info('EVT', consumer)).num_ack_pending;

    await client.jetstream.publish('evt.gather.traced', '{}', { msgID: randomUUID() });
    await pollUntil(unacked, (pending) => pending === 1);
    const readAll = readingFromNow();
    for (let sent = 0; sent < 4; sent += 1) await publishInTrace();
    await pollUntil(unacked, (pending) => pending === 5);
    // Delivered is not yet read: the next batch gathers only what the service has read.
    await readAll(4);
    release();
    await pollUntil(unacked, (pending) => pending === 0);

    const processed = spans
      .getFinishedSpans()
      .filter((span) => span.name === 'process evt.gather.traced' && span.spanContext().traceId === traceId);
    expect(behaviour.rawBatchSizes).toEqual([1, 4]);
    expect(processed).toHaveLength(1);
    expect(processed[0]?.attributes).toMatchObject({
      'messaging.batch.message_count': 4,
      'correlation.id': 'corr-raw',
      'proxmox_mpc.outcome': 'ok',
    });
    expect(processed[0]?.links).toHaveLength(3);
  });

  describe('a batch event handler', () => {
    const subject = Subjects.proxmoxInventoryGuestsDeleted;
    const consumer = durableName('bus-probe', subject);
    const unacked = async () => (await client.manager.consumers.info('EVT', consumer)).num_ack_pending;
    const deleted = (vmid: number) => ({
      target: 'probe',
      guests: [{ vmid, node: 'pve1', type: 'qemu' as const, name: `g${vmid}` }],
    });
    /** Publishes the guests' events in one trace of their own; resolves with its id. */
    const publishInOneTrace = (vmids: number[], correlationId = randomUUID()) =>
      trace.getTracer('bus-spec').startActiveSpan('send a batch', async (span) => {
        for (const vmid of vmids) {
          await client.publish(subject, deleted(vmid), { ...origin, correlationId });
        }
        span.end();
        return span.spanContext().traceId;
      });
    /** Holds the first batch until the returned function is called, so what follows gathers behind it. */
    const holdFirstBatch = () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      behaviour.beforeEventBatch = () => (behaviour.eventBatches.length === 0 ? held : Promise.resolve());
      return release;
    };

    beforeEach(() => {
      behaviour.eventBatches = [];
      behaviour.beforeEventBatch = async () => undefined;
    });

    it('should hand the events of one trace over in one call, in one span of that trace, and ack them', async () => {
      const release = holdFirstBatch();
      await publishInOneTrace([101]);
      await pollUntil(unacked, (pending) => pending === 1);
      const readAll = readingFromNow();
      const first = await publishInOneTrace([111, 112, 113, 114, 115, 116]);
      const second = await publishInOneTrace([121, 122, 123]);
      await pollUntil(unacked, (pending) => pending === 10);
      await readAll(9);
      release();
      await pollUntil(unacked, (pending) => pending === 0);

      expect(behaviour.eventBatches.map((batch) => batch.vmids)).toEqual(
        expect.arrayContaining([[101], [111, 112, 113, 114, 115, 116], [121, 122, 123]]),
      );
      expect(behaviour.eventBatches).toHaveLength(3);
      const processed = (traceId: string) =>
        spans
          .getFinishedSpans()
          .filter((span) => span.name === `process ${subject}` && span.spanContext().traceId === traceId);
      const [ofFirst] = processed(first);
      expect(processed(first)).toHaveLength(1);
      expect(ofFirst?.attributes).toMatchObject({
        'messaging.batch.message_count': 6,
        'proxmox_mpc.outcome': 'ok',
      });
      // A child of the first event's publish span, linked to the other five.
      expect(ofFirst?.links.map((link) => link.context.traceId)).toEqual(Array(5).fill(first));
      expect(processed(second)[0]?.attributes).toMatchObject({ 'messaging.batch.message_count': 3 });
    });

    it('should handle each event of a batch the handler fails alone, and retry and give up on only the one it fails', async () => {
      const release = holdFirstBatch();
      await publishInOneTrace([102]);
      await pollUntil(unacked, (pending) => pending === 1);
      const readAll = readingFromNow();
      await publishInOneTrace([131, POISON_VMID, 132]);
      const invalid = randomUUID();
      await client.jetstream.publish(subject, JSON.stringify({ not: 'an envelope' }), { msgID: invalid });
      await readAll(4);
      release();

      const failure = await events.waitFor(
        (message) =>
          message.subject === Subjects.busMessageFailed &&
          (message.envelope.data as { consumer: string; reason: string }).consumer === consumer &&
          (message.envelope.data as { reason: string }).reason === 'exhausted',
      );
      const rejected = await events.waitFor(
        (message) =>
          message.subject === Subjects.busMessageFailed &&
          (message.envelope.data as { messageId: string }).messageId === invalid,
      );
      // Both given up on for good: neither is delivered again after the ack wait (6 s).
      expect(await pollUntil(unacked, (pending) => pending === 0, 3_000)).toBe(0);

      expect(failure.envelope.data).toMatchObject({ deliveries: 5, code: 'HANDLER_FAILED' });
      expect(rejected.envelope.data).toMatchObject({ reason: 'invalid', code: 'INVALID_MESSAGE' });
      const handled = behaviour.eventBatches.filter((batch) => !batch.failed).flatMap((batch) => batch.vmids);
      expect(handled.sort((a, b) => a - b)).toEqual([102, 131, 132]);
      // The batch of three, then the poison alone on each of its five deliveries.
      const refused = behaviour.eventBatches.filter((batch) => batch.failed).map((batch) => batch.vmids);
      expect(refused).toEqual([[131, POISON_VMID, 132], ...Array(5).fill([POISON_VMID])]);
    });
  });

  it('should say when no service answers a query', async () => {
    await service.app.get(JetStreamServer).close();
    try {
      const failure = await client
        .query(Subjects.proxmoxGuestsList, {}, origin)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(QueryFailed);
      expect(failure).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      await service.app.get(JetStreamServer).listen(() => undefined);
    }
  });
});
