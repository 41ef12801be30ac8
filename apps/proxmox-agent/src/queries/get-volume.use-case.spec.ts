import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GetVolumeUseCase } from './get-volume.use-case';

describe(GetVolumeUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: GetVolumeUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new GetVolumeUseCase(cluster.targets);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should describe a backup with its notes and protection', async () => {
    const volume =
      cluster.simulator.state.volumes('pve3', 'local').find((entry) => entry.protected)?.volid ?? '';

    await expect(sut.execute({ node: 'pve3', volume })).resolves.toMatchObject({
      volume,
      format: 'vma.zst',
      notes: 'before the PostgreSQL 17 upgrade',
      protected: true,
      path: expect.stringMatching(/^\/var\/lib\/vz\/dump\/vzdump-qemu-102-/),
    });
  });

  it('should describe a guest disk', async () => {
    await expect(sut.execute({ node: 'pve1', volume: 'local-lvm:vm-100-disk-0' })).resolves.toMatchObject({
      path: '/dev/pve/vm-100-disk-0',
      sizeBytes: 32 * 1024 ** 3,
      format: 'raw',
    });
  });
});
