import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GuestLocator } from '../inventory/guest-locator';
import { InMemorySyncedGuestStore } from '../inventory/in-memory-synced-guest.store';
import { ListSnapshotsUseCase } from './list-snapshots.use-case';

describe(ListSnapshotsUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: ListSnapshotsUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new ListSnapshotsUseCase(cluster.targets, new GuestLocator(new InMemorySyncedGuestStore()));
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it("should list a guest's snapshots and the one it runs on, without PVE's pseudo-snapshot", async () => {
    const client = cluster.targets.resolve('homelab').client;
    const upid = await client.createSnapshot('pve1', 'qemu', 100, {
      snapname: 'before-upgrade',
      description: 'pre',
    });
    await client.waitForTask('pve1', upid, { pollIntervalMs: 10 });

    const reply = await sut.execute({ vmid: 100 });

    expect(reply).toMatchObject({
      target: 'homelab',
      vmid: 100,
      snapshots: [{ name: 'before-upgrade', description: 'pre', includesRam: false }],
      current: 'before-upgrade',
    });
  });

  it('should list none for a guest without snapshots', async () => {
    expect(await sut.execute({ vmid: 200 })).toEqual({ target: 'homelab', vmid: 200, snapshots: [] });
  });

  it('should refuse a guest that does not exist, naming it', async () => {
    await expect(sut.execute({ vmid: 4242 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('guest 4242'),
    });
  });
});
