import { GuestGetQuery } from '@proxmox-mpc/contracts';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GuestLocator } from '../inventory/guest-locator';
import { InMemorySyncedGuestStore } from '../inventory/in-memory-synced-guest.store';
import { GetGuestUseCase } from './get-guest.use-case';

describe(GetGuestUseCase.name, () => {
  let cluster: SimulatedCluster;
  let clock: FakeClock;
  let sut: GetGuestUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    clock = new FakeClock();
    sut = new GetGuestUseCase(cluster.targets, new GuestLocator(new InMemorySyncedGuestStore()), clock);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should read a guest live, with its config and when it was read', async () => {
    const detail = GuestGetQuery.response.parse(await sut.execute({ vmid: 102 }));

    expect(detail).toMatchObject({
      target: 'homelab',
      guest: {
        vmid: 102,
        name: 'db-01',
        node: 'pve1',
        type: 'qemu',
        status: 'running',
        tags: ['db', 'prod'],
      },
      live: { status: 'running' },
      readAt: clock.now().toISOString(),
    });
    const { digest, ...config } = cluster.guest(102).config;
    expect(detail.config).toEqual(config);
    expect(detail.digest).toMatch(/^[0-9a-f]{40}$/);
    expect(digest).toBeUndefined();
  });

  it("should report a running VM's addresses from its guest agent", async () => {
    const detail = await sut.execute({ vmid: 100 });

    expect(detail.live.ipAddresses.length).toBeGreaterThan(0);
  });

  it('should refuse a guest that does not exist, naming it', async () => {
    await expect(sut.execute({ vmid: 4242 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      retryable: false,
      message: 'guest 4242 does not exist on target "homelab"',
    });
  });

  it('should refuse a target it does not manage, naming it', async () => {
    await expect(sut.execute({ target: 'elsewhere', vmid: 100 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('target "elsewhere"'),
    });
  });
});
