import { NodesListQuery } from '@proxmox-mpc/contracts';
import { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { ListNodesUseCase } from './list-nodes.use-case';

describe(ListNodesUseCase.name, () => {
  let cluster: SimulatedCluster;
  let inventory: InMemoryInventory;
  let sut: ListNodesUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    inventory = new InMemoryInventory(cluster.targets);
    sut = new ListNodesUseCase(cluster.targets, inventory.freshness, inventory.nodes, inventory.guests);
  });

  afterEach(async () => {
    await inventory.sync.stop();
    await cluster.stop();
  });

  it('should list every node with how many guests it holds', async () => {
    const reply = NodesListQuery.response.parse(await sut.execute({}));

    expect(reply.nodes.map((node) => [node.node, node.status, node.guests])).toEqual(
      ['pve1', 'pve2', 'pve3'].map((node) => [
        node,
        'online',
        cluster.vmids((guest) => guest.node === node).length,
      ]),
    );
  });

  it('should report an offline node as the last pass saw it', async () => {
    cluster.simulator.faults.configure({ nodes: [{ node: 'pve3', kind: 'offline' }] });

    const reply = await sut.execute({});

    expect(reply.nodes.find((node) => node.node === 'pve3')?.status).toBe('offline');
  });
});
