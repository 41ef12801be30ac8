import { isDeepStrictEqual } from 'node:util';
import { BusTables1732147200000, MessageBus, Outbox } from '@proxmox-mpc/bus';
import {
  GuestsListQuery,
  InventoryExportQuery,
  type InventoryExportResponse,
  NodesListQuery,
  Subjects,
  type Envelope,
  type FieldChange,
  type Guest,
  type InventoryGuest,
  type Origin,
} from '@proxmox-mpc/contracts';
import { openDataSource } from '@proxmox-mpc/persistence';
import { DEFAULT_SIM_TOKEN, PveSimulator, type Guest as SimGuest } from '@proxmox-mpc/pve-sim';
import { createLogger } from '@proxmox-mpc/telemetry';
import {
  EventRecorder,
  startTestInfrastructure,
  type RecordedMessage,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { InventoryTables1732320000000 } from '../migrations/1732320000000-inventory-tables';
import { TargetSettingsSchema } from '../targets/target-config';
import { TargetRegistry } from '../targets/target-registry';
import { InventoryFreshness } from './inventory-freshness';
import { InventoryQueriesHandler } from './inventory-queries.handler';
import type { InventorySettings } from './inventory-settings';
import { InventorySync } from './inventory-sync';
import { InventoryRepository, type SyncMode } from './inventory.repository';

const TARGET = 'homelab';
/** A second name for the same simulated cluster: a target that has never been synced. */
const FRESH_TARGET = 'homelab-b';
const SCHEMA = 'proxmox_agent';

interface Pass {
  synced: NonNullable<Awaited<ReturnType<InventorySync['syncOnce']>>>;
  /** The guest events of this pass, in publish order. */
  events: RecordedMessage[];
}

describe(InventorySync.name, () => {
  let infrastructure: TestInfrastructure;
  let simulator: PveSimulator;
  let dataSource: DataSource;
  let bus: MessageBus;
  let outbox: Outbox;
  let targets: TargetRegistry;
  let repository: InventoryRepository;
  let events: EventRecorder;
  let sut: InventorySync;
  const replicas: InventorySync[] = [];
  const logger = createLogger({ service: 'inventory-spec', level: process.env.TEST_LOG_LEVEL ?? 'silent' });

  const replica = (settings: Partial<InventorySettings> = {}, registry = targets): InventorySync => {
    const sync = new InventorySync(bus, outbox, dataSource, registry, repository, logger, settings);
    replicas.push(sync);
    return sync;
  };

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    simulator = new PveSimulator({ scenario: 'homelab', taskDurationMs: 20 });
    await simulator.start(0, '127.0.0.1');
    dataSource = await openDataSource({
      url: infrastructure.databaseUrl,
      schema: SCHEMA,
      migrations: [BusTables1732147200000, InventoryTables1732320000000],
    });
    bus = await MessageBus.connect({ service: 'proxmox-agent', natsUrl: infrastructure.natsUrl }, logger);
    outbox = new Outbox(dataSource, bus, logger);
    const auth = { tokenId: DEFAULT_SIM_TOKEN.tokenId, tokenSecret: DEFAULT_SIM_TOKEN.secret };
    targets = new TargetRegistry(
      [TARGET, FRESH_TARGET].map((name) => TargetSettingsSchema.parse({ name, url: simulator.url, auth })),
      logger,
    );
    repository = new InventoryRepository(dataSource);
    events = await EventRecorder.start(infrastructure.natsUrl, 'evt.proxmox.inventory.>');
    sut = replica();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((sync) => sync.stop()));
    await events?.stop();
    await outbox?.stop();
    await bus?.close();
    await targets?.close();
    await dataSource?.destroy();
    await simulator?.stop();
    await infrastructure?.stop();
  });

  afterEach(() => simulator.faults.reset());

  /** Runs one pass and collects the events it announced (the synced event comes last). */
  async function pass(mode: SyncMode, sync = sut): Promise<Pass> {
    // An earlier pass can announce the very same figures (durationMs included).
    const earlier = new Set(events.messages);
    const synced = await sync.syncOnce(TARGET, mode);
    if (!synced) throw new Error('the pass was skipped: the lock was taken');
    const announced = await events.waitFor(
      (message) =>
        !earlier.has(message) &&
        message.subject === Subjects.proxmoxInventorySynced &&
        isDeepStrictEqual(message.envelope.data, synced),
    );
    return {
      synced,
      events: await events.waitForCount(
        (message) =>
          message.envelope.correlationId === announced.envelope.correlationId && message !== announced,
        synced.created + synced.updated + synced.deleted,
      ),
    };
  }

  const simGuests = (): readonly SimGuest[] => simulator.state.guests();
  const claimed = new Set<number>();
  /** A guest no earlier test has changed, so each test reads its own history. */
  const claimGuest = (predicate: (guest: SimGuest) => boolean): SimGuest => {
    const found = simGuests().find(
      (guest) => !claimed.has(guest.vmid) && guest.config['template'] !== '1' && predicate(guest),
    );
    if (!found) throw new Error('no such guest left in the scenario');
    claimed.add(found.vmid);
    return found;
  };
  const vmidOf = (message: RecordedMessage): number | undefined => {
    const data = message.envelope.data as { vmid?: number; guest?: { vmid: number } };
    return data.guest?.vmid ?? data.vmid;
  };
  const eventsFor = (result: Pass, vmid: number) =>
    result.events.filter((message) => vmidOf(message) === vmid);
  const changesOf = (message: RecordedMessage | undefined): FieldChange[] =>
    (message?.envelope.data as { changes: FieldChange[] }).changes;

  describe('a full pass', () => {
    let first: Pass;

    beforeAll(async () => {
      first = await pass('full');
    });

    it('should store every guest and announce each one as created', async () => {
      const vmids = simGuests()
        .map((guest) => guest.vmid)
        .sort((a, b) => a - b);
      expect(first.synced).toMatchObject({
        target: TARGET,
        mode: 'full',
        guests: vmids.length,
        created: vmids.length,
        updated: 0,
        deleted: 0,
        configsRead: vmids.length,
        unreachableNodes: [],
      });
      expect((await repository.listGuests(TARGET)).map((guest) => guest.vmid)).toEqual(vmids);
      expect(first.events.map((message) => message.subject)).toEqual(
        vmids.map(() => Subjects.proxmoxInventoryGuestCreated),
      );
      expect(first.events[0]?.envelope).toMatchObject({
        source: 'proxmox-agent',
        actor: { kind: 'service', id: 'proxmox-agent' },
        target: TARGET,
        correlationId: expect.stringMatching(/^inventory-sync:homelab:/),
      });
    });

    it('should keep each guest config, with every value as text and the digest apart', async () => {
      const sim = claimGuest((guest) => guest.type === 'qemu');
      const stored = await repository.findGuest(TARGET, sim.vmid);
      expect(stored?.config).toEqual(sim.config);
      expect(stored?.digest).toMatch(/^[0-9a-f]{40}$/);
    });

    it('should store the nodes with their guest counts', async () => {
      const nodes = await repository.listNodes(TARGET);
      expect(nodes.map((node) => [node.node, node.status, node.guests])).toEqual(
        simulator.state
          .nodes()
          .map((node) => [
            node.name,
            'online',
            simGuests().filter((guest) => guest.node === node.name).length,
          ]),
      );
    });
  });

  describe('an incremental pass', () => {
    it('should announce nothing when nothing changed, however often it runs', async () => {
      for (const sync of [sut, replica()]) {
        const again = await pass('incremental', sync);
        expect(again.synced).toMatchObject({ created: 0, updated: 0, deleted: 0 });
        expect(again.events).toEqual([]);
      }
    });

    it('should report a status change with the field that changed', async () => {
      const guest = claimGuest((candidate) => candidate.status === 'running');
      guest.status = 'stopped';
      delete guest.startedAt;
      delete guest.pid;
      const result = await pass('incremental');
      const [updated] = eventsFor(result, guest.vmid);
      expect(updated?.subject).toBe(Subjects.proxmoxInventoryGuestUpdated);
      expect(changesOf(updated)).toEqual([{ field: 'status', before: 'running', after: 'stopped' }]);
      expect((await repository.findGuest(TARGET, guest.vmid))?.status).toBe('stopped');
    });

    it('should report a resize as the summary field and the config key it changed', async () => {
      const guest = claimGuest(
        (candidate) => candidate.type === 'qemu' && candidate.config['memory'] !== undefined,
      );
      const memory = Number(guest.config['memory']);
      guest.config['memory'] = String(memory * 2);
      const result = await pass('incremental');
      expect(changesOf(eventsFor(result, guest.vmid)[0])).toEqual([
        { field: 'memoryBytes', before: memory * 1024 ** 2, after: memory * 2 * 1024 ** 2 },
        { field: 'config.memory', before: String(memory), after: String(memory * 2) },
      ]);
    });

    it('should find a config-only edit through the rolling refresh', async () => {
      const guest = claimGuest((candidate) => candidate.type === 'lxc');
      guest.config['description'] = 'rebuilt by the inventory spec';
      const blind = await pass('incremental', replica({ configRefreshPerPass: 0 }));
      expect(blind.synced.configsRead).toBe(0);
      expect(eventsFor(blind, guest.vmid)).toEqual([]);

      const result = await pass('incremental');
      expect(changesOf(eventsFor(result, guest.vmid)[0])).toEqual([
        { field: 'config.description', before: null, after: 'rebuilt by the inventory spec' },
      ]);
    });

    it('should re-read the least recently read configs first', async () => {
      const sync = replica({ configRefreshPerPass: 3 });
      const readLast = async () =>
        (
          (await dataSource.query(
            `SELECT vmid FROM inventory_guests WHERE target = $1 ORDER BY config_read_at DESC, vmid LIMIT 3`,
            [TARGET],
          )) as Array<{ vmid: number }>
        ).map((row) => row.vmid);
      expect((await pass('incremental', sync)).synced.configsRead).toBe(3);
      const firstRead = await readLast();
      expect((await pass('incremental', sync)).synced.configsRead).toBe(3);
      const secondRead = await readLast();
      expect(secondRead.filter((vmid) => firstRead.includes(vmid))).toEqual([]);
    });

    it('should announce a guest deleted from the cluster and forget it', async () => {
      const guest = claimGuest((candidate) => candidate.status === 'stopped');
      simulator.state.removeGuest(guest.vmid);
      const result = await pass('incremental');
      expect(result.synced.deleted).toBe(1);
      const [deleted] = eventsFor(result, guest.vmid);
      expect(deleted?.subject).toBe(Subjects.proxmoxInventoryGuestDeleted);
      expect(deleted?.envelope.data).toEqual({
        target: TARGET,
        vmid: guest.vmid,
        node: guest.node,
        type: guest.type,
        name: guest.config['name'] ?? guest.config['hostname'],
      });
      expect(await repository.findGuest(TARGET, guest.vmid)).toBeUndefined();
    });
  });

  describe('an unreachable node', () => {
    const node = 'pve2';
    const onNode = async () => (await repository.listGuests(TARGET, { node })).map((guest) => guest.status);

    it('should keep the guests of an offline node as unknown, not delete them', async () => {
      const before = await repository.listGuests(TARGET, { node });
      simulator.faults.configure({ nodes: [{ node, kind: 'offline' }] });
      const result = await pass('incremental');
      expect(result.synced).toMatchObject({ deleted: 0, unreachableNodes: [node] });
      expect(await onNode()).toEqual(before.map(() => 'unknown'));
      const updated = result.events.filter(
        (message) => message.subject === Subjects.proxmoxInventoryGuestUpdated,
      );
      expect(updated.map(changesOf)).toEqual(
        before
          .filter((guest) => guest.status !== 'unknown')
          .map((guest) => [{ field: 'status', before: guest.status, after: 'unknown' }]),
      );
      expect((await repository.listNodes(TARGET)).find((entry) => entry.node === node)?.status).toBe(
        'offline',
      );
    });

    it('should bring the guests back once the node answers again', async () => {
      const result = await pass('incremental');
      expect(result.synced.unreachableNodes).toEqual([]);
      expect(await onNode()).toEqual(
        simGuests()
          .filter((guest) => guest.node === node)
          .sort((a, b) => a.vmid - b.vmid)
          .map((guest) => guest.status),
      );
    });

    it('should treat a node whose config reads fail at the proxy (596) as unreachable', async () => {
      simulator.faults.configure({ nodes: [{ node, kind: 'proxy-failure' }] });
      const result = await pass('full');
      expect(result.synced).toMatchObject({ deleted: 0, unreachableNodes: [node] });
      expect(new Set(await onNode())).toEqual(new Set(['unknown']));
      expect((await repository.listNodes(TARGET)).find((entry) => entry.node === node)?.status).toBe(
        'unknown',
      );
      simulator.faults.reset();
      expect((await pass('incremental')).synced.unreachableNodes).toEqual([]);
    });
  });

  it('should keep every change of a guest in its history', async () => {
    const guest = claimGuest((candidate) => candidate.node === 'pve2' && candidate.status === 'running');
    const rows: Array<{ kind: string; changes: FieldChange[] | null; snapshot: InventoryGuest }> =
      await dataSource.query(
        `SELECT kind, changes, snapshot FROM inventory_guest_history WHERE target = $1 AND vmid = $2 ORDER BY id`,
        [TARGET, guest.vmid],
      );
    expect(rows.map((row) => row.kind)).toEqual(['created', 'updated', 'updated', 'updated', 'updated']);
    expect(rows.map((row) => row.snapshot.status)).toEqual([
      'running',
      'unknown',
      'running',
      'unknown',
      'running',
    ]);
    expect(rows[1]?.changes).toEqual([{ field: 'status', before: 'running', after: 'unknown' }]);
  });

  describe('refreshing one guest', () => {
    const origin: Origin = {
      correlationId: 'operation-42',
      causationId: '5a3c1a5e-5d1c-4c1e-9a59-3c1c1c1c1c1c',
      actor: { kind: 'agent', id: 'token:ci' },
      target: TARGET,
    };

    it('should record the guest now, under the operation that caused it', async () => {
      const guest = claimGuest((candidate) => candidate.status === 'running');
      guest.status = 'stopped';
      const refreshed = await sut.refreshGuest(TARGET, guest.vmid, origin);
      expect(refreshed?.status).toBe('stopped');
      const updated = await events.waitFor(
        (message) =>
          message.envelope.correlationId === origin.correlationId &&
          (message.envelope.data as { guest: { vmid: number } }).guest.vmid === guest.vmid,
      );
      expect(updated.envelope).toMatchObject({ causationId: origin.causationId, actor: origin.actor });
      expect(changesOf(updated)).toEqual([{ field: 'status', before: 'running', after: 'stopped' }]);
    });

    it('should record a guest that is gone as deleted', async () => {
      const guest = claimGuest((candidate) => candidate.type === 'lxc');
      simulator.state.removeGuest(guest.vmid);
      expect(await sut.refreshGuest(TARGET, guest.vmid, origin)).toBeUndefined();
      await events.waitFor(
        (message) =>
          message.subject === Subjects.proxmoxInventoryGuestDeleted &&
          (message.envelope.data as { vmid: number }).vmid === guest.vmid,
      );
      expect(await repository.findGuest(TARGET, guest.vmid)).toBeUndefined();
    });

    it('should record a located guest from its own status exactly as a pass would', async () => {
      const guest = claimGuest((candidate) => candidate.type === 'qemu' && candidate.status === 'running');
      guest.status = 'stopped';
      guest.config['tags'] = 'refreshed;web';
      const refreshed = await sut.refreshGuest(TARGET, guest.vmid, origin, {
        node: guest.node,
        type: 'qemu',
      });
      expect(refreshed).toMatchObject({ status: 'stopped', tags: ['refreshed', 'web'] });

      // A pass reading /cluster/resources finds nothing left to record for the guest.
      const { events: passEvents } = await pass('full');
      const about = passEvents.filter(
        (message) => (message.envelope.data as { guest?: { vmid: number } }).guest?.vmid === guest.vmid,
      );
      expect(about).toEqual([]);
    });

    it('should record a located guest that moved at its new node', async () => {
      const guest = claimGuest((candidate) => candidate.type === 'lxc');
      const to = simulator.state.nodes().find((node) => node.name !== guest.node && node.status === 'online');
      if (!to) throw new Error('the scenario needs a second online node');
      guest.node = to.name;
      const refreshed = await sut.refreshGuest(TARGET, guest.vmid, origin, { node: to.name, type: 'lxc' });
      expect(refreshed?.node).toBe(to.name);
      expect((await repository.findGuest(TARGET, guest.vmid))?.node).toBe(to.name);
    });

    it('should record a located guest that is gone as deleted', async () => {
      const guest = claimGuest((candidate) => candidate.type === 'qemu');
      const location = { node: guest.node, type: guest.type };
      simulator.state.removeGuest(guest.vmid);
      expect(await sut.refreshGuest(TARGET, guest.vmid, origin, location)).toBeUndefined();
      expect(await repository.findGuest(TARGET, guest.vmid)).toBeUndefined();
    });
  });

  describe('several replicas', () => {
    /** The target's sync lock, held by another session as another replica would. */
    async function holdLock(): Promise<{ client: Client; release(): Promise<void> }> {
      const client = new Client({ connectionString: infrastructure.databaseUrl });
      await client.connect();
      await client.query(`SELECT pg_advisory_lock(hashtext('proxmox-mpc:inventory'), hashtext($1))`, [
        TARGET,
      ]);
      return { client, release: () => client.end() };
    }

    it('should skip the pass while another session holds the target', async () => {
      const other = await holdLock();
      try {
        expect(await sut.syncOnce(TARGET, 'incremental')).toBeUndefined();
      } finally {
        await other.release();
      }
      expect(await sut.syncOnce(TARGET, 'incremental')).toBeDefined();
    });

    it('should let only one of two replicas sync a target at once', async () => {
      simulator.faults.configure({ latencyMs: 100, pathPattern: '^/cluster/resources' });
      const results = await Promise.all(
        [replica(), replica()].map((sync) => sync.syncOnce(TARGET, 'incremental')),
      );
      expect(results.filter((result) => result === undefined)).toHaveLength(1);
    });

    it('should not repeat a full pass another replica completed after it started', async () => {
      // Started, it syncs every target it has; the never-synced one is for the query tests.
      const homelabOnly = new TargetRegistry(
        targets
          .all()
          .filter((target) => target.name === TARGET)
          .map((target) => target.settings),
        logger,
      );
      const late = replica({}, homelabOnly);
      await pass('full');
      const seen = events.messages.length;
      late.start();
      const synced = await events.waitFor(
        (message) =>
          events.messages.indexOf(message) >= seen &&
          message.subject === Subjects.proxmoxInventorySynced &&
          (message.envelope.data as { target: string }).target === TARGET,
      );
      await late.stop();
      await homelabOnly.close();
      expect(synced.envelope.data).toMatchObject({ mode: 'incremental' });
    });

    it('should sync as soon as the replica holding the lock lets go, when a sync is asked for', async () => {
      const other = await holdLock();
      const requestedAt = Date.now();
      const asked = sut.syncNow(TARGET, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.release();
      expect(await asked).toBe(true);
      expect((await repository.syncState(TARGET))?.lastSyncAt.getTime()).toBeGreaterThanOrEqual(requestedAt);
    });

    it('should settle for a pass the lock holder completed after the request', async () => {
      const other = await holdLock();
      try {
        const asked = sut.syncNow(TARGET, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await other.client.query(
          `UPDATE ${SCHEMA}.inventory_sync_state SET last_sync_at = now() WHERE target = $1`,
          [TARGET],
        );
        expect(await asked).toBe(true);
      } finally {
        await other.release();
      }
    });
  });

  describe('the list queries', () => {
    let handler: InventoryQueriesHandler;
    const request = <D>(data: D, target: string | undefined = TARGET): Envelope<D> => ({
      id: '6f1f3c1a-0000-4000-8000-000000000001',
      type: 'query',
      source: 'inventory-spec',
      time: new Date().toISOString(),
      correlationId: 'inventory-spec',
      actor: { kind: 'operator', id: 'tester' },
      ...(target === undefined ? {} : { target }),
      data,
    });

    beforeAll(async () => {
      handler = new InventoryQueriesHandler(targets, new InventoryFreshness(sut, repository), repository);
      await pass('incremental');
    });

    it('should answer from the inventory, saying how old it is', async () => {
      const reply = GuestsListQuery.response.parse(await handler.listGuests(request({})));
      expect(reply.source).toBe('inventory');
      expect(reply.ageMs).toBeLessThan(60_000);
      expect(Date.parse(reply.syncedAt)).toBe((await repository.syncState(TARGET))?.lastSyncAt.getTime());
      expect(reply.guests.map((guest) => guest.vmid)).toEqual(
        simGuests()
          .map((guest) => guest.vmid)
          .sort((a, b) => a - b),
      );
    });

    it('should filter by node, type, status, tag and selector', async () => {
      const vmids = async (data: Parameters<InventoryQueriesHandler['listGuests']>[0]['data']) =>
        (await handler.listGuests(request(data))).guests.map((guest) => guest.vmid);
      const all = await repository.listGuests(TARGET);
      const expected = (predicate: (guest: Guest) => boolean) =>
        all.filter(predicate).map((guest) => guest.vmid);
      expect(await vmids({ node: 'pve1', type: 'lxc' })).toEqual(
        expected((guest) => guest.node === 'pve1' && guest.type === 'lxc'),
      );
      expect(await vmids({ status: 'stopped' })).toEqual(expected((guest) => guest.status === 'stopped'));
      const tagged = all.find((guest) => guest.tags.length > 0) as Guest;
      const tag = tagged.tags[0] as string;
      expect(await vmids({ tag })).toEqual(expected((guest) => guest.tags.includes(tag)));
      expect(await vmids({ selector: 'pve3/*' })).toEqual(expected((guest) => guest.node === 'pve3'));
      expect(await vmids({ selector: `*/${tagged.name}` })).toEqual([tagged.vmid]);
      expect(await vmids({ selector: String(tagged.vmid) })).toEqual([tagged.vmid]);
    });

    it('should export every guest with its config, page by page in VMID order', async () => {
      const pages: InventoryExportResponse[] = [];
      let afterVmid: number | undefined;
      do {
        const page = InventoryExportQuery.response.parse(
          await handler.exportGuests(request({ limit: 10, ...(afterVmid ? { afterVmid } : {}) })),
        );
        pages.push(page);
        afterVmid = page.nextAfterVmid;
      } while (afterVmid !== undefined);
      const exported = pages.flatMap((page) => page.guests);
      const total = simGuests().length;
      expect(pages.map((page) => page.guests.length)).toEqual(
        Array.from({ length: Math.ceil(total / 10) }, (_, index) => Math.min(10, total - index * 10)),
      );
      expect(exported.map((guest) => guest.vmid)).toEqual(
        simGuests()
          .map((guest) => guest.vmid)
          .sort((a, b) => a - b),
      );
      const first = simGuests().find((guest) => guest.vmid === exported[0]?.vmid);
      expect(exported[0]?.config).toEqual(first?.config);
    });

    it('should sync first when the inventory is older than the caller accepts', async () => {
      const reply = await handler.listGuests(request({ maxAgeMs: 0 }));
      expect(reply.source).toBe('live');
      expect(reply.ageMs).toBeLessThan(5_000);
    });

    it('should sync a target that was never synced before answering', async () => {
      expect(await repository.syncState(FRESH_TARGET)).toBeUndefined();
      const reply = NodesListQuery.response.parse(await handler.listNodes(request({}, FRESH_TARGET)));
      expect(reply.source).toBe('live');
      expect(reply.nodes.reduce((sum, node) => sum + node.guests, 0)).toBe(simGuests().length);
    });

    it('should name the target it does not know', async () => {
      await expect(handler.listGuests(request({}, 'elsewhere'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('target "elsewhere" is not managed by this agent'),
      });
    });
  });
});
