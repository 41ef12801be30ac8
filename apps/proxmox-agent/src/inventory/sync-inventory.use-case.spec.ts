import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { pollUntil } from '@proxmox-mpc/testing';
import { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { SyncPassStopped } from './sync-pass';
import type { SyncMode } from './sync-state.entity';
import { SyncInventoryUseCase } from './sync-inventory.use-case';

const TARGET = 'homelab';
const origin: Origin = {
  correlationId: 'inventory-sync:homelab:spec',
  actor: { kind: 'service', id: 'proxmox-agent' },
  target: TARGET,
};

describe(SyncInventoryUseCase.name, () => {
  let cluster: SimulatedCluster;
  let inventory: InMemoryInventory;

  const pass = (mode: SyncMode, sut = inventory.syncInventory) =>
    sut.execute({ target: TARGET, mode, origin });
  const stored = async (vmid: number) => inventory.guests.find(TARGET, vmid);
  /** The data of the guest events added since `from`. */
  const changesSince = (from: number) =>
    inventory.outbox.added.slice(from).filter((entry) => entry.subject !== Subjects.proxmoxInventorySynced);
  const updates = () =>
    inventory.outbox.dataOf(Subjects.proxmoxInventoryGuestsUpdated).flatMap((event) => event.guests);
  const updatesOf = (from: number, vmid: number) =>
    updates()
      .slice(from)
      .filter((update) => update.guest.vmid === vmid)
      .map((update) => update.changes);

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    inventory = new InMemoryInventory(cluster.targets);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  describe('a full pass', () => {
    it('should store every guest and announce each one as created', async () => {
      const synced = await pass('full');

      const vmids = cluster.vmids();
      expect(synced).toMatchObject({
        target: TARGET,
        mode: 'full',
        guests: vmids.length,
        created: vmids.length,
        updated: 0,
        deleted: 0,
        configsRead: vmids.length,
        unreachableNodes: [],
      });
      expect((await inventory.guests.list(TARGET)).map((guest) => guest.vmid)).toEqual(vmids);
      expect(
        inventory.outbox
          .dataOf(Subjects.proxmoxInventoryGuestsCreated)
          .flatMap((event) => event.guests.map((guest) => guest.vmid)),
      ).toEqual(vmids);
      expect(
        new Set(inventory.outbox.dataOf(Subjects.proxmoxInventoryGuestsCreated).map((event) => event.pass)),
      ).toEqual(new Set(['full']));
    });

    it('should announce each batch that changed guests once, after the event naming its guests', async () => {
      const small = new InMemoryInventory(cluster.targets, { settings: { batchSize: 10 } });

      await pass('full', small.syncInventory);

      const changed = small.outbox.dataOf(Subjects.proxmoxInventoryChanged);
      expect(changed).toHaveLength(Math.ceil(cluster.vmids().length / 10));
      expect(changed.reduce((sum, write) => sum + write.created, 0)).toBe(cluster.vmids().length);
      expect(small.outbox.added.slice(0, 4).map((entry) => entry.subject)).toEqual([
        Subjects.proxmoxInventoryGuestsCreated,
        Subjects.proxmoxInventoryChanged,
        Subjects.proxmoxInventoryGuestsCreated,
        Subjects.proxmoxInventoryChanged,
      ]);
      expect(small.outbox.dataOf(Subjects.proxmoxInventoryGuestsCreated)[0]?.guests).toHaveLength(10);
    });

    describe('reading configs while a batch is written', () => {
      /**
       * Runs a full pass with every config read held in the simulator; resolves, once no
       * more reads arrive, with how many wait there, then lets them go.
       */
      const heldReads = async (settings: { batchSize: number; configReadsPerNode: number }) => {
        const sut = new InMemoryInventory(cluster.targets, { settings });
        cluster.simulator.faults.configure({
          hangRate: 1,
          pathPattern: '^/nodes/[^/]+/(qemu|lxc)/\\d+/config$',
        });
        const synced = pass('full', sut.syncInventory);
        let held = -1;
        for (let count = cluster.simulator.faults.heldCount; count !== held;) {
          held = count;
          await new Promise((resolve) => setTimeout(resolve, 100));
          count = cluster.simulator.faults.heldCount;
        }
        cluster.simulator.faults.reset();
        return { held, synced: await synced };
      };

      it('should start the next batch in the slot one of this batch leaves, never past its parallelism', async () => {
        // Three nodes, one read each: three at once, of two batches' four.
        const { held, synced } = await heldReads({ batchSize: 2, configReadsPerNode: 1 });

        expect(held).toBe(3);
        expect(synced).toMatchObject({ configsRead: cluster.vmids().length });
      });

      it('should read two batches ahead of what is written, not the whole list', async () => {
        const { held, synced } = await heldReads({ batchSize: 2, configReadsPerNode: 8 });

        expect(cluster.vmids().length).toBeGreaterThan(4);
        expect(held).toBe(4);
        expect(synced).toMatchObject({ created: cluster.vmids().length });
      });
    });

    it('should announce the pass last, under the origin it was given', async () => {
      const synced = await pass('full');

      const last = inventory.outbox.added.at(-1);
      expect(last?.subject).toBe(Subjects.proxmoxInventorySynced);
      expect(last?.envelope).toMatchObject({
        correlationId: origin.correlationId,
        actor: origin.actor,
        data: synced,
      });
    });

    it('should keep each config with every value as text and the digest apart', async () => {
      await pass('full');

      const row = await stored(100);
      expect(row?.config).toEqual(cluster.guest(100).config);
      expect(row?.digest).toMatch(/^[0-9a-f]{40}$/);
    });

    it('should store the nodes and when the target was synced', async () => {
      const synced = await pass('full');

      expect((await inventory.nodes.list(TARGET)).map((node) => [node.node, node.status])).toEqual([
        ['pve1', 'online'],
        ['pve2', 'online'],
        ['pve3', 'online'],
      ]);
      expect(await inventory.states.find(TARGET)).toMatchObject({
        lastMode: 'full',
        lastSyncAt: inventory.clock.now(),
        lastFullSyncAt: inventory.clock.now(),
        guests: synced.guests,
      });
    });
  });

  describe('an incremental pass', () => {
    /** Another replica over the same inventory that re-reads no config unless a signal names it. */
    const blindReplica = () =>
      new InMemoryInventory(cluster.targets, { shared: inventory, settings: { configRefreshPerPass: 0 } });
    /** A synchronous config update through the API: it runs no task, only the cluster log says so. */
    const describeThroughApi = (vmid: number) =>
      cluster.targets
        .resolve(TARGET)
        .client.updateGuestConfig(
          cluster.guest(vmid).node,
          'qemu',
          vmid,
          { description: 'changed through the API' },
          { sync: true },
        );

    beforeEach(async () => {
      await pass('full');
    });

    it('should announce nothing when nothing changed', async () => {
      const from = inventory.outbox.added.length;

      const synced = await pass('incremental');

      expect(synced).toMatchObject({ created: 0, updated: 0, deleted: 0 });
      expect(changesSince(from)).toEqual([]);
    });

    it('should read only the configs of guests whose summary changed, with no refresh budget', async () => {
      const sut = blindReplica();
      const guest = cluster.guest(100);
      guest.status = 'stopped';

      const synced = await pass('incremental', sut.syncInventory);

      expect(synced).toMatchObject({ configsRead: 1, updated: 1 });
    });

    it('should read the configs it wants together, however far apart their guests are listed', async () => {
      const sut = new InMemoryInventory(cluster.targets, {
        shared: inventory,
        settings: { batchSize: 2, configRefreshPerPass: 0 },
      });
      const running = cluster.vmids((guest) => guest.status === 'running' && guest.type === 'qemu');
      const [first, last] = [running[0] as number, running.at(-1) as number];
      for (const vmid of [first, last]) cluster.guest(vmid).status = 'stopped';
      // Both reads wait in the simulator until released: both are in flight only if the
      // pass asked for them at once, not one listed batch of two after the other.
      cluster.simulator.faults.configure({
        hangRate: 1,
        pathPattern: `^/nodes/[^/]+/qemu/(${first}|${last})/config$`,
      });

      const synced = pass('incremental', sut.syncInventory);
      const held = await pollUntil(
        async () => cluster.simulator.faults.heldCount,
        (count) => count === 2,
        2_000,
      );
      cluster.simulator.faults.reset();

      expect(held).toBe(2);
      await expect(synced).resolves.toMatchObject({ configsRead: 2, updated: 2 });
    });

    it('should report a status change with the field that changed', async () => {
      const from = updates().length;
      const guest = cluster.guest(100);
      guest.status = 'stopped';
      delete guest.startedAt;
      delete guest.pid;

      await pass('incremental');

      expect(updatesOf(from, 100)).toEqual([[{ field: 'status', before: 'running', after: 'stopped' }]]);
      expect((await stored(100))?.status).toBe('stopped');
    });

    it('should report a resize as the summary field and the config key it changed', async () => {
      const guest = cluster.guest(102);
      const memory = Number(guest.config['memory']);
      guest.config['memory'] = String(memory * 2);

      await pass('incremental');

      expect(updatesOf(0, 102)).toEqual([
        [
          { field: 'memoryBytes', before: memory * 1024 ** 2, after: memory * 2 * 1024 ** 2 },
          { field: 'config.memory', before: String(memory), after: String(memory * 2) },
        ],
      ]);
    });

    it('should find a config-only edit through the rolling refresh, not before', async () => {
      const blind = blindReplica();
      cluster.guest(200).config['description'] = 'rebuilt by the spec';

      expect(await pass('incremental', blind.syncInventory)).toMatchObject({ configsRead: 0, updated: 0 });
      await pass('incremental');

      expect(updatesOf(0, 200)).toEqual([
        [{ field: 'config.description', before: null, after: 'rebuilt by the spec' }],
      ]);
    });

    it('should read a config changed through the API at the next pass, as the cluster log names it', async () => {
      const blind = blindReplica();
      await describeThroughApi(100);

      const synced = await pass('incremental', blind.syncInventory);

      expect(synced).toMatchObject({ configsRead: 1, updated: 1 });
      expect(blind.outbox.dataOf(Subjects.proxmoxInventoryGuestsUpdated)).toMatchObject([
        {
          guests: [
            {
              guest: { vmid: 100 },
              changes: [{ field: 'config.description', before: null, after: 'changed through the API' }],
            },
          ],
        },
      ]);
    });

    it('should leave nothing for a full pass to find in the guests it did not read', async () => {
      const blind = blindReplica();
      cluster.guest(101).config['tags'] = 'moved;by-spec';
      await describeThroughApi(102);

      const incremental = await pass('incremental', blind.syncInventory);
      const full = await pass('full');

      expect(incremental).toMatchObject({ configsRead: 2, updated: 2 });
      expect(full).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    });

    it('should read every config when the cluster log does not reach back to the previous pass', async () => {
      const blind = blindReplica();
      for (let entry = 0; entry < 500; entry++) {
        cluster.simulator.state.logCluster('pve1', 'root@pam', `entry ${entry} of a busy minute`);
      }

      const synced = await pass('incremental', blind.syncInventory);

      expect(synced).toMatchObject({ configsRead: cluster.vmids().length, updated: 0 });
    });

    it('should store the uptime of a guest that started again, announcing nothing', async () => {
      const from = inventory.outbox.added.length;
      cluster.guest(100).startedAt = Date.now() - 5_000;

      await pass('incremental');

      expect((await stored(100))?.uptimeSeconds).toBeLessThan(60);
      expect(changesSince(from)).toEqual([]);
    });

    it("should read the stored guests again after another replica's write", async () => {
      const other = new InMemoryInventory(cluster.targets, { shared: inventory });
      const guest = cluster.guest(100);
      guest.status = 'stopped';
      await pass('incremental', other.syncInventory);
      guest.status = 'running';

      const synced = await pass('incremental');

      expect(synced.updated).toBe(1);
      expect((await stored(100))?.status).toBe('running');
    });

    it('should re-read the least recently read configs first', async () => {
      const sut = new InMemoryInventory(cluster.targets, {
        shared: inventory,
        settings: { configRefreshPerPass: 3 },
      });
      const readLast = async () =>
        (await inventory.guests.list(TARGET))
          .filter((guest) => guest.configReadAt?.getTime() === inventory.clock.now().getTime())
          .map((guest) => guest.vmid);

      inventory.clock.advance(1_000);
      await pass('incremental', sut.syncInventory);
      const first = await readLast();
      inventory.clock.advance(1_000);
      await pass('incremental', sut.syncInventory);
      const second = await readLast();

      expect(first).toHaveLength(3);
      expect(second).toHaveLength(3);
      expect(second.filter((vmid) => first.includes(vmid))).toEqual([]);
    });

    it('should announce a guest deleted from the cluster and forget it', async () => {
      const guest = cluster.guest(124);
      cluster.simulator.state.removeGuest(124);

      const synced = await pass('incremental');

      expect(synced.deleted).toBe(1);
      expect(inventory.outbox.dataOf(Subjects.proxmoxInventoryGuestsDeleted)).toEqual([
        {
          target: TARGET,
          guests: [{ vmid: 124, node: guest.node, type: 'qemu', name: 'test-ubuntu-24' }],
          pass: 'incremental',
        },
      ]);
      expect(await stored(124)).toBeUndefined();
    });

    it('should keep every change of a guest in its history', async () => {
      cluster.guest(110).status = 'stopped';
      await pass('incremental');

      const history = inventory.history.rows.filter((entry) => entry.vmid === 110);
      expect(history.map((entry) => [entry.kind, entry.snapshot.status])).toEqual([
        ['created', 'running'],
        ['updated', 'stopped'],
      ]);
      expect(history[1]?.changes).toEqual([{ field: 'status', before: 'running', after: 'stopped' }]);
    });
  });

  describe('an unreachable node', () => {
    const onPve2 = async () =>
      (await inventory.guests.list(TARGET, { node: 'pve2' })).map((guest) => guest.status);

    beforeEach(async () => {
      await pass('full');
    });

    it('should mark the guests of an offline node unknown, not delete them', async () => {
      const before = await inventory.guests.list(TARGET, { node: 'pve2' });
      cluster.simulator.faults.configure({ nodes: [{ node: 'pve2', kind: 'offline' }] });

      const synced = await pass('incremental');

      expect(synced).toMatchObject({ deleted: 0, unreachableNodes: ['pve2'] });
      expect(await onPve2()).toEqual(before.map(() => 'unknown'));
      expect((await inventory.nodes.list(TARGET)).find((node) => node.node === 'pve2')?.status).toBe(
        'offline',
      );
    });

    it('should bring the guests back once the node answers again', async () => {
      cluster.simulator.faults.configure({ nodes: [{ node: 'pve2', kind: 'offline' }] });
      await pass('incremental');
      cluster.simulator.faults.reset();

      const synced = await pass('incremental');

      expect(synced.unreachableNodes).toEqual([]);
      expect(await onPve2()).toEqual(
        cluster.vmids((guest) => guest.node === 'pve2').map((vmid) => cluster.guest(vmid).status),
      );
    });

    it('should treat a node whose config reads fail at the proxy (596) as unreachable', async () => {
      cluster.simulator.faults.configure({ nodes: [{ node: 'pve2', kind: 'proxy-failure' }] });

      const synced = await pass('full');

      expect(synced).toMatchObject({ deleted: 0, unreachableNodes: ['pve2'] });
      expect(new Set(await onPve2())).toEqual(new Set(['unknown']));
      expect((await inventory.nodes.list(TARGET)).find((node) => node.node === 'pve2')?.status).toBe(
        'unknown',
      );
    });
  });

  it('should stop between batches once its signal is aborted, keeping the batches written', async () => {
    const small = new InMemoryInventory(cluster.targets, { settings: { batchSize: 10 } });
    const stopping = new AbortController();
    const firstBatchWritten = small.guests.upsert.bind(small.guests);
    jest.spyOn(small.guests, 'upsert').mockImplementation(async (...args) => {
      stopping.abort();
      return firstBatchWritten(...args);
    });

    await expect(
      small.syncInventory.execute({ target: TARGET, mode: 'full', origin, signal: stopping.signal }),
    ).rejects.toBeInstanceOf(SyncPassStopped);
    expect(small.guests.rows).toHaveLength(10);
    expect(small.outbox.dataOf(Subjects.proxmoxInventorySynced)).toEqual([]);
  });
});
