import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { DEFAULT_SIM_TOKEN, PveSimulator } from '@proxmox-mpc/pve-sim';
import {
  startInProcessService,
  type InProcessService,
  type ServiceDefinition,
} from '@proxmox-mpc/service-runtime';
import { createLogger, startTracing, type TracingHandle } from '@proxmox-mpc/telemetry';
import { EventRecorder, startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { AgentConfigSchema, type AgentConfig } from '../config';
import { InventoryTables1732320000000 } from '../migrations/1732320000000-inventory-tables';
import { ConnectedTargets1733000000000 } from '../migrations/1733000000000-connected-targets';
import { InventoryRevisions1735800000000 } from '../migrations/1735800000000-inventory-revisions';
import { ConnectedTarget } from '../targets/connected-target.entity';
import { TargetsModule } from '../targets/targets.module';
import { GuestHistoryEntry } from './guest-history-entry.entity';
import { InventoryRevision } from './inventory-revision.entity';
import { InventoryModule } from './inventory.module';
import { SyncState } from './sync-state.entity';
import { SyncedGuest } from './synced-guest.entity';
import { SyncedNode } from './synced-node.entity';

/** The agent with nothing but its targets and the inventory. */
const inventoryOnlyAgent: ServiceDefinition<AgentConfig> = {
  name: 'proxmox-agent',
  configSchema: AgentConfigSchema,
  defaultHttpPort: 0,
  migrations: [InventoryTables1732320000000, ConnectedTargets1733000000000, InventoryRevisions1735800000000],
  entities: [SyncedGuest, GuestHistoryEntry, SyncedNode, SyncState, InventoryRevision, ConnectedTarget],
  features: (config) => [TargetsModule.register(config), InventoryModule],
};

const origin: Origin = { correlationId: 'inventory-module-spec', actor: { kind: 'operator', id: 'tester' } };

describe(InventoryModule.name, () => {
  let infrastructure: TestInfrastructure;
  let simulator: PveSimulator;
  let agent: InProcessService | undefined;
  let client: MessageBus;
  let events: EventRecorder;
  let tracing: TracingHandle;
  const spans = new InMemorySpanExporter();

  beforeAll(async () => {
    tracing = startTracing({
      serviceName: 'inventory-module-spec',
      serviceVersion: 'test',
      exportOtlp: false,
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    infrastructure = await startTestInfrastructure();
    simulator = new PveSimulator({ scenario: 'homelab' });
    await simulator.start(0, '127.0.0.1');
    events = await EventRecorder.start(infrastructure.natsUrl, 'evt.proxmox.inventory.>');
    client = await MessageBus.connect(
      { service: 'inventory-module-spec', natsUrl: infrastructure.natsUrl },
      createLogger({ service: 'inventory-module-spec', level: 'silent' }),
    );
    agent = await startInProcessService(inventoryOnlyAgent, {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      PVE_URL: simulator.url,
      PVE_TOKEN_ID: DEFAULT_SIM_TOKEN.tokenId,
      PVE_TOKEN_SECRET: DEFAULT_SIM_TOKEN.secret,
      PVE_TARGET: 'homelab',
      PVE_SYNC_INTERVAL_MS: '1000',
    });
  });

  afterAll(async () => {
    await agent?.stop();
    await client?.close();
    await events?.stop();
    await simulator?.stop();
    await infrastructure?.stop();
    await tracing?.shutdown();
  });

  it('should sync every target fully once the application is up', async () => {
    const synced = await events.waitFor(
      (message) =>
        message.subject === Subjects.proxmoxInventorySynced &&
        (message.envelope.data as { mode: string }).mode === 'full',
    );
    expect(synced.envelope.data).toMatchObject({
      target: 'homelab',
      created: simulator.state.guests().length,
    });
  });

  it("should announce a scheduled pass's events in the pass's own trace", async () => {
    const synced = await events.waitFor(
      (message) =>
        message.subject === Subjects.proxmoxInventorySynced &&
        (message.envelope.data as { mode: string }).mode === 'full',
    );
    const traceIdOf = (headers: Record<string, string>) => headers.traceparent?.split('-')[1];
    const traceId = traceIdOf(synced.headers);
    const created = events.messages.filter(
      (message) =>
        message.subject === Subjects.proxmoxInventoryGuestsCreated &&
        message.envelope.correlationId === synced.envelope.correlationId,
    );

    expect(
      created.flatMap((message) => (message.envelope.data as { guests: Array<{ vmid: number }> }).guests),
    ).toHaveLength(simulator.state.guests().length);
    expect(new Set(created.map((message) => traceIdOf(message.headers)))).toEqual(new Set([traceId]));
    const pass = spans
      .getFinishedSpans()
      .find((span) => span.name === 'inventory sync full' && span.spanContext().traceId === traceId);
    expect(pass?.parentSpanContext).toBeUndefined();
    expect(pass?.attributes['correlation.id']).toBe(synced.envelope.correlationId);
  });

  it('should answer the guest and node lists over the bus', async () => {
    const guests = await client.query(Subjects.proxmoxGuestsList, { type: 'lxc' }, origin);
    expect(guests).toMatchObject({ target: 'homelab', source: 'inventory' });
    expect(guests.guests.map((guest) => guest.vmid)).toEqual(
      simulator.state
        .guests()
        .filter((guest) => guest.type === 'lxc')
        .map((guest) => guest.vmid)
        .sort((a, b) => a - b),
    );
    const nodes = await client.query(Subjects.proxmoxNodesList, {}, origin);
    expect(nodes.nodes.map((node) => node.node)).toEqual(['pve1', 'pve2', 'pve3']);
  });

  it('should pick up a change on its own at the next interval', async () => {
    const guest = simulator.state.guests().find((candidate) => candidate.status === 'running');
    if (!guest) throw new Error('no running guest in the scenario');
    guest.status = 'stopped';
    const updated = await events.waitFor(
      (message) =>
        message.subject === Subjects.proxmoxInventoryGuestsUpdated &&
        (message.envelope.data as { guests: Array<{ guest: { vmid: number } }> }).guests.some(
          (change) => change.guest.vmid === guest.vmid,
        ),
      5_000,
    );
    expect(updated.envelope.data).toMatchObject({
      guests: [{ guest: { vmid: guest.vmid }, changes: [{ field: 'status', after: 'stopped' }] }],
    });
  });

  it("should run an operator's full pass on command, reporting its progress", async () => {
    const progress: Array<{ phase: string; done: number; total: number }> = [];

    const outcome = await client.execute(
      Subjects.proxmoxInventorySync,
      { mode: 'full' },
      { ...origin, target: 'homelab' },
      {
        timeoutMs: 20_000,
        onProgress: ({ envelope }) => progress.push(envelope.data as (typeof progress)[number]),
      },
    );

    expect(outcome.subject).toBe(Subjects.proxmoxInventorySynced);
    expect(outcome.envelope.data).toMatchObject({ target: 'homelab', mode: 'full' });
    const guests = simulator.state.guests().length;
    expect(progress).toContainEqual({
      target: 'homelab',
      mode: 'full',
      phase: 'reading',
      done: guests,
      total: guests,
    });
    expect(progress.at(-1)).toMatchObject({ phase: 'recording', done: guests, total: guests });
  });

  it('should refuse a target it does not manage, naming it', async () => {
    await expect(
      client.query(Subjects.proxmoxGuestsList, {}, { ...origin, target: 'elsewhere' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"elsewhere"') });
  });

  it('should stop syncing when the application stops', async () => {
    await agent?.stop();
    agent = undefined;
    const count = events.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(events.messages.length).toBe(count);
  });
});
