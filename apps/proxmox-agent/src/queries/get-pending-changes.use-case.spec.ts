import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GetPendingChangesUseCase } from './get-pending-changes.use-case';

describe(GetPendingChangesUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: GetPendingChangesUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new GetPendingChangesUseCase(cluster.targets);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should answer no changes where Proxmox has applied them all', async () => {
    await expect(sut.execute({ vmid: 100, node: 'pve1', type: 'qemu' })).resolves.toEqual({
      target: 'homelab',
      vmid: 100,
      node: 'pve1',
      changes: [],
    });
  });
});
