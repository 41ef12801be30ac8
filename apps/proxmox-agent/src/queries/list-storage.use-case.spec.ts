import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { ListStorageUseCase } from './list-storage.use-case';

describe(ListStorageUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: ListStorageUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new ListStorageUseCase(cluster.targets);
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should list the storages of every online node with their usage', async () => {
    cluster.simulator.faults.configure({ nodes: [{ node: 'pve3', kind: 'offline' }] });

    const reply = await sut.execute({});

    expect(new Set(reply.storages.map((storage) => storage.node))).toEqual(new Set(['pve1', 'pve2']));
    expect(reply.storages.every((storage) => storage.totalBytes > 0 && storage.volumes === undefined)).toBe(
      true,
    );
  });

  it('should list the volumes of one content type on the storages that hold it', async () => {
    const reply = await sut.execute({ node: 'pve1', content: 'iso' });

    expect(reply.storages.map((storage) => storage.storage)).toEqual(['local']);
    expect(reply.storages[0]?.volumes?.every((volume) => volume.content === 'iso')).toBe(true);
    expect(reply.storages[0]?.volumes?.length).toBeGreaterThan(0);
  });
});
