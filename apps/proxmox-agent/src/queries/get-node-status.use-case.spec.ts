import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GetNodeStatusUseCase } from './get-node-status.use-case';

describe(GetNodeStatusUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: GetNodeStatusUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new GetNodeStatusUseCase(cluster.targets);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it("should report a node's load, memory, disk, kernel and PVE version", async () => {
    const reply = await sut.execute({ node: 'pve3' });

    expect(reply).toMatchObject({
      target: 'homelab',
      status: {
        node: 'pve3',
        cpus: 8,
        memoryTotalBytes: 32 * 1024 ** 3,
        kernel: '6.14.11-4-pve',
        pveVersion: expect.stringMatching(/^pve-manager\/9\.2\.3\//),
        bootMode: 'efi',
      },
    });
    expect(reply.status.loadAverage).toHaveLength(3);
  });

  it('should refuse a node that is down as unreachable', async () => {
    cluster.simulator.faults.configure({ nodes: [{ node: 'pve2', kind: 'offline' }] });

    await expect(sut.execute({ node: 'pve2' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});
