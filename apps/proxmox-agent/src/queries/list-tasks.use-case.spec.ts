import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { ListTasksUseCase } from './list-tasks.use-case';

describe(ListTasksUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: ListTasksUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new ListTasksUseCase(cluster.targets);
    const client = cluster.targets.resolve('homelab').client;
    for (const [node, vmid] of [
      ['pve1', 106],
      ['pve2', 116],
    ] as const) {
      await client.waitForTask(node, await client.powerGuest(node, 'qemu', vmid, 'start'), {
        pollIntervalMs: 10,
      });
    }
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should list the tasks of every node, newest first', async () => {
    const { tasks } = await sut.execute({});

    const starts = tasks.filter((task) => task.type === 'qmstart');
    // PVE times tasks in whole seconds: the two may share one.
    expect(starts.map((task) => [task.node, task.id, task.status, task.exitStatus]).sort()).toEqual([
      ['pve1', '106', 'stopped', 'OK'],
      ['pve2', '116', 'stopped', 'OK'],
    ]);
    expect(tasks.map((task) => task.startedAt)).toEqual(
      tasks
        .map((task) => task.startedAt)
        .sort()
        .reverse(),
    );
  });

  it("should list one guest's tasks, at most as many as asked for", async () => {
    const { tasks } = await sut.execute({ vmid: 106, limit: 1 });

    expect(tasks.map((task) => [task.type, task.id])).toEqual([['qmstart', '106']]);
  });
});
