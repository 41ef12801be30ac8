import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GuestLocator } from '../inventory/guest-locator';
import { InMemorySyncedGuestStore } from '../inventory/in-memory-synced-guest.store';
import { GetMetricsUseCase } from './get-metrics.use-case';

describe(GetMetricsUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: GetMetricsUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new GetMetricsUseCase(cluster.targets, new GuestLocator(new InMemorySyncedGuestStore()));
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it("should merge a node's day into 60 points of 24 minutes", async () => {
    const reply = await sut.execute({ node: 'pve1', timeframe: 'day' });

    expect(reply).toMatchObject({ node: 'pve1', consolidation: 'average', resolutionSeconds: 1440 });
    expect(reply.points).toHaveLength(60);
    expect(reply.points.at(-1)).toMatchObject({
      cpu: expect.any(Number),
      memoryTotalBytes: 64 * 1024 ** 3,
      loadAverage: expect.any(Number),
    });
  });

  it("should answer a guest's series with its disk throughput, keeping peaks with max", async () => {
    const average = await sut.execute({ node: 'pve1', vmid: 100, timeframe: 'hour', maxPoints: 10 });
    const peaks = await sut.execute({
      node: 'pve1',
      vmid: 100,
      timeframe: 'hour',
      maxPoints: 10,
      consolidation: 'max',
    });

    expect(average).toMatchObject({ vmid: 100, resolutionSeconds: 360 });
    expect(average.points[0]?.diskReadBytesPerSecond).toEqual(expect.any(Number));
    expect((peaks.points[0]?.cpu ?? 0) >= (average.points[0]?.cpu ?? 0)).toBe(true);
  });

  it('should refuse a guest that is not on the node named', async () => {
    await expect(sut.execute({ node: 'pve1', vmid: 210, timeframe: 'hour' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'guest 210 does not exist on node pve1 on target "homelab"',
    });
  });
});
