import { api, callApi } from '../../__tests__/sim-http';
import { dataOf, runTaskOk } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('log routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({
      taskDurationMs: 20,
      access: {
        users: [{ userid: 'ops@pve' }],
        tokens: [{ tokenId: 'ops@pve!tk', secret: 'ops-secret', privsep: false }],
      },
    });
    await sut.start();
  });

  afterEach(() => sut.stop());

  it("should page through a node's journal and say how many lines there are", async () => {
    const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');
    const response = await callApi(sut, 'GET', api('/nodes/pve1/syslog?service=pvedaemon&start=1&limit=5'));
    const body = response.body as unknown as { data: Array<{ n: number; t: string }>; total: number };

    expect(body.total).toBe(3);
    expect(body.data.map((line) => line.n)).toEqual([2, 3]);
    expect(body.data[0]?.t).toMatch(
      new RegExp(
        `^\\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} pve1 pvedaemon\\[\\d+\\]: <root@pam!mpc> starting task ${task.upid.replace(/[$()]/g, '\\$&')}$`,
      ),
    );
    expect(body.data[1]?.t).toContain(`end task ${task.upid} OK`);
  });

  it('should answer "no content" for a journal without matching lines', async () => {
    await expect(dataOf(sut, 'GET', '/nodes/pve2/syslog', { service: 'postfix' })).resolves.toEqual([
      { n: 1, t: 'no content' },
    ]);
  });

  it('should list cluster log entries newest first, only their own to a caller without Sys.Syslog', async () => {
    const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');
    const all = (await dataOf(sut, 'GET', '/cluster/log')) as Array<{
      msg: string;
      node: string;
      id: string;
    }>;
    const own = await callApi(sut, 'GET', api('/cluster/log'), {
      authorization: 'PVEAPIToken=ops@pve!tk=ops-secret',
    });

    expect(all[0]).toMatchObject({ msg: `end task ${task.upid} OK`, node: 'pve1', id: '2:pve1' });
    expect(own.body?.data).toEqual([]);
  });

  it("should log a VM's config change cluster-wide and in its node's journal, though it runs no task", async () => {
    await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { description: 'changed', cores: '2' });
    const entries = (await dataOf(sut, 'GET', '/cluster/log')) as Array<{ msg: string; user: string }>;
    const journal = (await dataOf(sut, 'GET', '/nodes/pve1/syslog', { service: 'pvedaemon' })) as Array<{
      t: string;
    }>;

    expect(entries[0]).toMatchObject({
      msg: 'update VM 106: -cores 2 -description changed',
      user: 'root@pam!mpc',
    });
    expect(journal.at(-1)?.t).toMatch(
      /pvedaemon\[\d+\]: <root@pam!mpc> update VM 106: -cores 2 -description changed$/,
    );
  });
});
