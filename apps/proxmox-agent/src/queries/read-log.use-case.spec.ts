import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { ReadLogUseCase } from './read-log.use-case';

describe(ReadLogUseCase.name, () => {
  let cluster: SimulatedCluster;
  let sut: ReadLogUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    sut = new ReadLogUseCase(cluster.targets);
    const client = cluster.targets.resolve('homelab').client;
    for (const vmid of [106, 107]) {
      await client.waitForTask('pve1', await client.powerGuest('pve1', 'qemu', vmid, 'start'), {
        pollIntervalMs: 10,
      });
    }
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should answer the newest cluster log entries, oldest first, saying older ones exist', async () => {
    const reply = await sut.execute({ source: 'cluster', lines: 2 });

    expect(reply.entries.map((entry) => entry.text)).toEqual([
      expect.stringMatching(/^starting task UPID:pve1:.*:qmstart:107:/),
      expect.stringMatching(/^end task UPID:pve1:.*:qmstart:107:.* OK$/),
    ]);
    expect(reply.truncated).toBe(true);
  });

  it("should answer the last lines of a node's journal for one service", async () => {
    const reply = await sut.execute({ source: 'syslog', node: 'pve1', service: 'pvedaemon', lines: 3 });

    expect(reply.entries).toHaveLength(3);
    expect(reply.entries.at(-1)?.text).toMatch(
      /pvedaemon\[\d+\]: <root@pam!mpc> end task .*:qmstart:107:.* OK$/,
    );
    expect(reply.truncated).toBe(true);
  });

  it('should want a node for the syslog', async () => {
    await expect(sut.execute({ source: 'syslog' })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
  });
});
