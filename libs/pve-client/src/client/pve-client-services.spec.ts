import { DEFAULT_SIM_TOKEN, PveSimulator } from '../__tests__/simulator';
import { PveClient } from './pve-client';

const TOKEN = {
  kind: 'token',
  tokenId: DEFAULT_SIM_TOKEN.tokenId,
  secret: DEFAULT_SIM_TOKEN.secret,
} as const;
const NETINST = 'https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-13.1.0-amd64-netinst.iso';

describe(`${PveClient.name} node status, metrics, HA, firewall, logs, volumes and the guest agent`, () => {
  let simulator: PveSimulator;
  let sut: PveClient;

  beforeEach(async () => {
    simulator = new PveSimulator({ taskDurationMs: 10, guestAgentDelayMs: 0 });
    sut = new PveClient({ baseUrl: await simulator.start(), auth: TOKEN });
  });

  afterEach(async () => {
    await sut.close();
    await simulator.stop();
  });

  it("should read a node's status and a guest's metrics", async () => {
    const status = await sut.nodeStatus('pve1');
    const points = await sut.rrdData({ node: 'pve1', type: 'qemu', vmid: 100 }, 'hour', 'MAX');

    expect(status.cpuinfo.cpus).toBe(16);
    expect(points).toHaveLength(60);
  });

  it('should refuse a decade of guest metrics before calling', async () => {
    await expect(sut.rrdData({ node: 'pve1', type: 'qemu', vmid: 100 }, 'decade')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('should add and remove an HA resource', async () => {
    await sut.addHaResource({ sid: 'vm:100', state: 'started' });
    const added = (await sut.haResources()).map((resource) => resource.sid);
    await sut.removeHaResource('vm:100');

    expect(added).toContain('vm:100');
    expect((await sut.haResources()).map((resource) => resource.sid)).not.toContain('vm:100');
    expect((await sut.haStatus()).some((entry) => entry.type === 'master')).toBe(true);
  });

  it("should add a guest's firewall rule and remove it with the digest it was read with", async () => {
    const scope = { kind: 'guest', node: 'pve1', type: 'qemu', vmid: 100 } as const;
    await sut.addFirewallRule(scope, { type: 'in', action: 'ACCEPT', macro: 'SSH', enable: true });
    const [first] = await sut.firewallRules(scope);
    await sut.removeFirewallRule(scope, first?.pos ?? 0, first?.digest);

    expect(first).toMatchObject({ macro: 'SSH', enable: 1 });
    expect((await sut.firewallRules(scope)).map((rule) => rule.macro)).toEqual(['HTTPS', 'HTTP']);
    expect(await sut.firewallOptions({ kind: 'cluster' })).toMatchObject({ enable: 1 });
  });

  it("should read the syslog's lines with their total, and the cluster log", async () => {
    const journal = await sut.syslog('pve1', { limit: 2 });

    expect(journal.lines).toHaveLength(2);
    expect(journal.total).toBeGreaterThanOrEqual(2);
    expect(await sut.clusterLog(5)).toEqual([]);
  });

  it('should run a command through the guest agent with its arguments as a list', async () => {
    const pid = await sut.agentExec('pve1', 100, ['echo', 'a b', 'c']);

    await expect(sut.agentExecStatus('pve1', 100, pid)).resolves.toMatchObject({
      exited: 1,
      'out-data': 'a b c\n',
    });
  });

  it('should describe, download and delete volumes named in the path', async () => {
    const info = await sut.volumeInfo('pve1', 'local:iso/debian-12.9.0-amd64-netinst.iso');
    const metadata = await sut.urlMetadata('pve1', NETINST);
    const download = await sut.downloadUrl('pve1', 'local', {
      url: NETINST,
      content: 'iso',
      filename: 'd13.iso',
    });
    await sut.waitForTask('pve1', download);
    const removal = await sut.deleteVolume('pve1', 'local:iso/d13.iso');
    const removed = await sut.waitForTask('pve1', removal);

    expect(info.format).toBe('iso');
    expect(metadata.size).toBe(754 * 1024 ** 2);
    expect(removed.exitstatus).toBe('OK');
  });

  it("should ask to move a container's volume, and read a guest's pending changes", async () => {
    const pending = await sut.guestPending('pve2', 'lxc', 211);
    const refused = sut.moveDisk('pve2', 'lxc', 211, { disk: 'rootfs', storage: 'nas' });

    expect(pending.some((entry) => entry.key === 'hostname')).toBe(true);
    await expect(refused).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining("storage 'nas' does not exist"),
    });
  });

  it('should stop a running task', async () => {
    // Tasks of their own that outlast the test: a 10 ms one can end before the stop
    // reaches it on a loaded machine, and then there is nothing to interrupt.
    const slow = new PveSimulator({ taskDurationMs: 60_000 });
    const client = new PveClient({ baseUrl: await slow.start(), auth: TOKEN });
    try {
      const upid = await client.powerGuest('pve1', 'qemu', 106, 'start');
      await client.stopTask('pve1', upid);

      expect(slow.state.task(upid)?.exitstatus).toBe('received interrupt');
    } finally {
      await client.close();
      await slow.stop();
    }
  });
});
