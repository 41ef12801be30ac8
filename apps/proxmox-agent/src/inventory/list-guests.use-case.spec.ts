import { GuestsListQuery } from '@proxmox-mpc/contracts';
import { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { ListGuestsUseCase } from './list-guests.use-case';

const TARGET = 'homelab';

describe(ListGuestsUseCase.name, () => {
  let cluster: SimulatedCluster;
  let inventory: InMemoryInventory;
  let sut: ListGuestsUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start({}, [TARGET, 'homelab-b']);
    inventory = new InMemoryInventory(cluster.targets, { settings: { waitMs: 2_000 } });
    sut = new ListGuestsUseCase(cluster.targets, inventory.freshness, inventory.view);
    await inventory.sync.syncOnce(TARGET, 'full');
  });

  afterEach(async () => {
    await inventory.sync.stop();
    await cluster.stop();
  });

  const vmids = async (request: Parameters<ListGuestsUseCase['execute']>[0]) =>
    (await sut.execute({ target: TARGET, ...request })).guests.map((guest) => guest.vmid);

  it('should answer from the inventory, saying how old it is', async () => {
    inventory.clock.advance(5_000);

    const reply = GuestsListQuery.response.parse(await sut.execute({ target: TARGET }));

    expect(reply).toMatchObject({ target: TARGET, source: 'inventory', ageMs: 5_000 });
    expect(reply.guests.map((guest) => guest.vmid)).toEqual(cluster.vmids());
  });

  it("should count a running guest's uptime on to when the target was last synced", async () => {
    const stored = await inventory.guests.find(TARGET, 100);
    inventory.clock.advance(60_000);
    const guest = cluster.guest(100);
    guest.startedAt = (guest.startedAt ?? 0) - 60_000;
    const noRefresh = new InMemoryInventory(cluster.targets, {
      shared: inventory,
      settings: { configRefreshPerPass: 0 },
    });
    await noRefresh.sync.syncOnce(TARGET, 'incremental');

    const [listed] = (await sut.execute({ target: TARGET, selector: '100' })).guests;

    expect(listed?.uptimeSeconds).toBe((stored?.uptimeSeconds ?? 0) + 60);
    // Running on as it was, the guest's row was not written again.
    expect((await inventory.guests.find(TARGET, 100))?.observedAt).toEqual(stored?.observedAt);
  });

  it('should filter by node and type', async () => {
    expect(await vmids({ node: 'pve1', type: 'lxc' })).toEqual([200, 201, 202]);
  });

  it('should filter by status and tag', async () => {
    expect(await vmids({ status: 'stopped', tag: 'web' })).toEqual([125]);
  });

  it('should filter by a selector', async () => {
    expect(await vmids({ selector: 'pve3/*-template' })).toEqual([9001]);
  });

  it('should answer one page with how many match in all, and by status', async () => {
    const all = cluster.vmids();

    const reply = await sut.execute({ target: TARGET, offset: 2, limit: 3 });

    expect(reply.guests.map((guest) => guest.vmid)).toEqual(all.slice(2, 5));
    expect(reply.total).toBe(all.length);
    expect(reply.statusCounts?.running).toBe(cluster.vmids((guest) => guest.status === 'running').length);
  });

  it('should sync first when the inventory is older than the caller accepts', async () => {
    inventory.clock.advance(61_000);
    cluster.guest(100).status = 'stopped';

    const reply = await sut.execute({ target: TARGET, status: 'stopped', node: 'pve1' });

    expect(reply).toMatchObject({ source: 'live', ageMs: 0 });
    expect(reply.guests.map((guest) => guest.vmid)).toContain(100);
  });

  it('should sync a target that was never synced before answering', async () => {
    const reply = await sut.execute({ target: 'homelab-b' });

    expect(reply.source).toBe('live');
    expect(reply.guests).toHaveLength(cluster.vmids().length);
  });

  it('should say when the sync it needed did not finish in time', async () => {
    const slow = new InMemoryInventory(cluster.targets, { shared: inventory, settings: { waitMs: 300 } });
    const other = await inventory.lock.tryAcquire('homelab-b');

    await expect(
      new ListGuestsUseCase(cluster.targets, slow.freshness, slow.view).execute({
        target: 'homelab-b',
      }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
      message: expect.stringContaining('"homelab-b"'),
    });
    await other?.release();
    await slow.sync.stop();
  });

  it('should name the target it does not know', async () => {
    await expect(sut.execute({ target: 'elsewhere' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('target "elsewhere" is not managed by this agent'),
    });
  });
});
