import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { GetHaStatusUseCase } from './get-ha-status.use-case';

describe(GetHaStatusUseCase.name, () => {
  let cluster: SimulatedCluster;

  afterEach(async () => {
    await cluster.stop();
  });

  it('should report the manager, every node and every resource with its state', async () => {
    cluster = await SimulatedCluster.start();

    const reply = await new GetHaStatusUseCase(cluster.targets).execute({});

    expect(reply).toMatchObject({ quorate: true, manager: { node: 'pve1' } });
    expect(reply.nodes.map((entry) => entry.node)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(reply.resources).toContainEqual({
      sid: 'vm:102',
      vmid: 102,
      type: 'vm',
      requestState: 'started',
      state: 'started',
      node: 'pve1',
      maxRestart: 2,
      comment: 'primary database',
    });
  });

  it('should refuse a cluster without HA as not configured', async () => {
    cluster = await SimulatedCluster.start({ without: ['ha'] });

    await expect(new GetHaStatusUseCase(cluster.targets).execute({})).rejects.toMatchObject({
      code: 'NOT_CONFIGURED',
      message: expect.stringContaining('HA is not configured on cluster "homelab"'),
    });
  });
});
