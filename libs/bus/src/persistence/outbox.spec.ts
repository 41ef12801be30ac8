import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { openDataSource } from '@proxmox-mpc/persistence';
import { createLogger } from '@proxmox-mpc/telemetry';
import { EventRecorder, startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { MessageBus } from '../message-bus';
import { BUS_MIGRATIONS } from './bus-tables.migration';
import { Outbox } from './outbox';

const origin: Origin = { correlationId: 'outbox-spec', actor: { kind: 'service', id: 'spec' } };

describe(Outbox.name, () => {
  let infrastructure: TestInfrastructure;
  let dataSource: DataSource;
  let bus: MessageBus;
  let events: EventRecorder;
  const logger = createLogger({ service: 'outbox-spec', level: 'silent' });

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    dataSource = await openDataSource({
      url: infrastructure.databaseUrl,
      schema: 'outbox_spec',
      migrations: BUS_MIGRATIONS,
    });
    bus = await MessageBus.connect({ service: 'outbox-spec', natsUrl: infrastructure.natsUrl }, logger);
    events = await EventRecorder.start(infrastructure.natsUrl);
  });

  afterAll(async () => {
    await events?.stop();
    await bus?.close();
    await dataSource?.destroy();
    await infrastructure?.stop();
  });

  const event = () =>
    bus.envelope(
      Subjects.mcpToolCalled,
      { tool: 't', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 1 },
      origin,
    );

  it('should publish committed rows once, in order', async () => {
    const outbox = new Outbox(dataSource, bus, logger);
    const first = event();
    const second = event();
    await dataSource.transaction(async (manager) => {
      await outbox.enqueue(manager, Subjects.mcpToolCalled, first);
      await outbox.enqueue(manager, Subjects.mcpToolCalled, second);
    });
    await outbox.flush();
    await outbox.flush();
    await events.waitFor((message) => message.envelope.id === second.id);
    const published = events.messages.filter((message) =>
      [first.id, second.id].includes(message.envelope.id),
    );
    expect(published.map((message) => message.envelope.id)).toEqual([first.id, second.id]);
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM outbox_spec.bus_outbox WHERE published_at IS NULL`,
    );
    expect(count).toBe(0);
  });

  it('should publish the messages of one write in the order given, however many there are', async () => {
    const outbox = new Outbox(dataSource, bus, logger);
    // More than the relay publishes at a time: the order must hold across its batches.
    const many = Array.from({ length: 250 }, event);
    await dataSource.transaction((manager) =>
      outbox.enqueueMany(
        manager,
        many.map((envelope) => ({ subject: Subjects.mcpToolCalled, envelope })),
      ),
    );
    await outbox.flush();
    const ids = new Set(many.map((envelope) => envelope.id));
    const published = await events.waitForCount((message) => ids.has(message.envelope.id), many.length);

    expect(published.map((message) => message.envelope.id)).toEqual(many.map((envelope) => envelope.id));
    expect(published.at(-1)?.envelope).toEqual(many.at(-1));
  });

  it('should publish nothing from a rolled-back transaction', async () => {
    const outbox = new Outbox(dataSource, bus, logger);
    const lost = event();
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, Subjects.mcpToolCalled, lost);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await outbox.flush();
    const marker = await bus.publish(
      Subjects.mcpToolCalled,
      { tool: 'm', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 1 },
      origin,
    );
    await events.waitFor((message) => message.envelope.id === marker.id);
    expect(events.messages.some((message) => message.envelope.id === lost.id)).toBe(false);
  });

  it('should refuse an event larger than NATS takes, write nothing of its transaction and relay what follows', async () => {
    const outbox = new Outbox(dataSource, bus, logger);
    const beside = event();
    const huge = bus.envelope(
      Subjects.mcpToolCalled,
      {
        tool: 't',
        transport: 'http',
        arguments: { blob: 'x'.repeat(bus.maxPayloadBytes) },
        outcome: 'ok',
        durationMs: 1,
      },
      origin,
    );
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, Subjects.mcpToolCalled, beside);
        await outbox.enqueue(manager, Subjects.mcpToolCalled, huge);
      }),
    ).rejects.toThrow(
      /^evt\.mcp\.tool\.called would be \d+ bytes, more than the \d+ NATS takes in one message$/,
    );

    const after = event();
    await dataSource.transaction((manager) => outbox.enqueue(manager, Subjects.mcpToolCalled, after));
    await outbox.flush();
    await events.waitFor((message) => message.envelope.id === after.id);
    expect(events.messages.some((message) => [beside.id, huge.id].includes(message.envelope.id))).toBe(false);
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM outbox_spec.bus_outbox WHERE message_id = ANY($1::text[])`,
      [[beside.id, huge.id]],
    );
    expect(count).toBe(0);
  });

  it('should publish rows left by a process that died before its relay ran', async () => {
    const crashed = new Outbox(dataSource, bus, logger);
    const orphan = event();
    await dataSource.transaction((manager) => crashed.enqueue(manager, Subjects.mcpToolCalled, orphan));
    const restarted = new Outbox(dataSource, bus, logger);
    restarted.start();
    try {
      await events.waitFor((message) => message.envelope.id === orphan.id);
    } finally {
      await restarted.stop();
    }
  });

  it('should share the work between relays without publishing twice', async () => {
    const batch = Array.from({ length: 30 }, event);
    const writer = new Outbox(dataSource, bus, logger);
    await dataSource.transaction(async (manager) => {
      for (const envelope of batch) await writer.enqueue(manager, Subjects.mcpToolCalled, envelope);
    });
    const relays = [new Outbox(dataSource, bus, logger), new Outbox(dataSource, bus, logger)];
    await Promise.all(relays.map((relay) => relay.flush()));
    const last = batch.at(-1)?.id;
    await events.waitFor((message) => message.envelope.id === last);
    const ids = new Set(batch.map((envelope) => envelope.id));
    expect(events.messages.filter((message) => ids.has(message.envelope.id))).toHaveLength(30);
  });
  /** Stores one 200 KB, very compressible event and says how PostgreSQL compressed it (null: not at all). */
  const storedCompression = async () => {
    const big = bus.envelope(
      Subjects.mcpToolCalled,
      {
        tool: 't',
        transport: 'http',
        arguments: { blob: 'x'.repeat(200_000) },
        outcome: 'ok',
        durationMs: 1,
      },
      origin,
    );
    await dataSource.transaction((manager) =>
      new Outbox(dataSource, bus, logger).enqueue(manager, Subjects.mcpToolCalled, big),
    );
    const [row] = await dataSource.query<Array<{ compression: string | null }>>(
      `SELECT pg_column_compression(envelope) AS compression FROM outbox_spec.bus_outbox WHERE message_id = $1`,
      [big.id],
    );
    return row?.compression;
  };

  it('should store envelopes uncompressed', async () => {
    expect(await storedCompression()).toBeNull();
  });

  // Last: it undoes BusOutboxUncompressed on this spec's schema.
  it('should compress them again once its storage migration is undone', async () => {
    await dataSource.undoLastMigration();

    expect(await storedCompression()).not.toBeNull();
  });
});
