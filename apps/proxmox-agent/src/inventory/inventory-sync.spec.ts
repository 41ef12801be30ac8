import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { pollUntil } from '@proxmox-mpc/testing';
import { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { InventorySync } from './inventory-sync';
import { SyncPassStopped } from './sync-pass';
import { SyncState } from './sync-state.entity';

const TARGET = 'homelab';
const operation: Origin = {
  correlationId: 'operation-7',
  actor: { kind: 'agent', id: 'token:ci' },
  target: TARGET,
};

describe(InventorySync.name, () => {
  let cluster: SimulatedCluster;
  let inventory: InMemoryInventory;
  let sut: InventorySync;
  const replicas: InMemoryInventory[] = [];

  /** Another replica of the agent: its own InventorySync on the same tables and lock. */
  const replica = (settings = {}): InMemoryInventory => {
    const other = new InMemoryInventory(cluster.targets, { shared: inventory, settings });
    replicas.push(other);
    return other;
  };

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    inventory = new InMemoryInventory(cluster.targets, { settings: { waitMs: 2_000 } });
    replicas.push(inventory);
    sut = inventory.sync;
  });

  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((each) => each.sync.stop()));
    await cluster.stop();
  });

  it('should skip the pass while another replica holds the target', async () => {
    const other = await inventory.lock.tryAcquire(TARGET);

    expect(await sut.syncOnce(TARGET, 'full')).toBeUndefined();
    await other?.release();
    expect(await sut.syncOnce(TARGET, 'full')).toMatchObject({ mode: 'full' });
  });

  it('should let only one of two replicas sync a target at once', async () => {
    cluster.simulator.faults.configure({ latencyMs: 100, pathPattern: '^/cluster/resources' });

    const results = await Promise.all([sut, replica().sync].map((sync) => sync.syncOnce(TARGET, 'full')));

    expect(results.filter((result) => result === undefined)).toHaveLength(1);
  });

  it('should start with a full pass', async () => {
    sut.start();

    const synced = await pollUntil(
      async () => inventory.outbox.dataOf(Subjects.proxmoxInventorySynced),
      (passes) => passes.length > 0,
    );
    expect(synced[0]).toMatchObject({ mode: 'full', created: cluster.vmids().length });
    expect(synced[0]?.target).toBe(TARGET);
  });

  it('should not repeat a full pass another replica completed after it started', async () => {
    const late = replica();
    await sut.syncOnce(TARGET, 'full');

    late.sync.start();

    const synced = await pollUntil(
      async () => late.outbox.dataOf(Subjects.proxmoxInventorySynced),
      (passes) => passes.length > 0,
    );
    expect(synced[0]?.mode).toBe('incremental');
  });

  it('should sync as soon as the replica holding the lock lets go, when a sync is asked for', async () => {
    const other = await inventory.lock.tryAcquire(TARGET);

    const asked = sut.syncNow(TARGET);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await other?.release();

    expect(await asked).toBe(true);
    expect(inventory.outbox.dataOf(Subjects.proxmoxInventorySynced)).toHaveLength(1);
  });

  it('should settle for a pass the lock holder completed after the request', async () => {
    await sut.syncOnce(TARGET, 'full');
    const other = await inventory.lock.tryAcquire(TARGET);
    inventory.clock.advance(60_000);

    const asked = sut.syncNow(TARGET);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const state = (await inventory.states.find(TARGET)) as SyncState;
    await inventory.states.record(
      Object.assign(new SyncState(), state, { lastSyncAt: inventory.clock.now() }),
    );

    expect(await asked).toBe(true);
    expect(inventory.outbox.dataOf(Subjects.proxmoxInventorySynced)).toHaveLength(1);
    await other?.release();
  });

  it('should say so when no pass completed within the wait', async () => {
    const other = await inventory.lock.tryAcquire(TARGET);

    expect(await sut.syncNow(TARGET, 300)).toBe(false);
    await other?.release();
  });

  it('should refresh a guest in turn with the passes, under the operation', async () => {
    await sut.syncOnce(TARGET, 'full');
    cluster.guest(100).status = 'stopped';

    const [, refreshed] = await Promise.all([
      sut.syncOnce(TARGET, 'incremental'),
      sut.refreshGuest(TARGET, 100, operation),
    ]);

    expect(refreshed?.status).toBe('stopped');
    expect(inventory.lock.held.size).toBe(0);
  });

  it('should refuse to refresh a guest while another replica keeps the target busy', async () => {
    const busy = new InMemoryInventory(cluster.targets, { shared: inventory, settings: { waitMs: 300 } });
    replicas.push(busy);
    const other = await inventory.lock.tryAcquire(TARGET);

    await expect(busy.sync.refreshGuest(TARGET, 100, operation)).rejects.toThrow(
      /guest 100 of target "homelab"/,
    );
    await other?.release();
  });

  it('should run no pass once stopped', async () => {
    await sut.stop();

    await expect(sut.syncOnce(TARGET, 'full')).rejects.toBeInstanceOf(SyncPassStopped);
    expect(inventory.outbox.added).toEqual([]);
  });
});
