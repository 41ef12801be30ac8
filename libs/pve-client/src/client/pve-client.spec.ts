import { DEFAULT_SIM_TOKEN, PveSimulator } from '../__tests__/simulator';
import type { PveTaskStatus } from '../types/pve-task';
import { parseUpid } from '../upid/parse-upid';
import { PveClient } from './pve-client';

describe(PveClient.name, () => {
  let simulator: PveSimulator;
  let sut: PveClient;

  beforeEach(async () => {
    simulator = new PveSimulator({ taskDurationMs: 150 });
    const baseUrl = await simulator.start();
    sut = new PveClient({
      baseUrl,
      tokenId: DEFAULT_SIM_TOKEN.tokenId,
      tokenSecret: DEFAULT_SIM_TOKEN.secret,
    });
  });

  afterEach(async () => {
    await sut.close();
    await simulator.stop();
  });

  describe('version', () => {
    it('should return the PVE version', async () => {
      await expect(sut.version()).resolves.toEqual({
        version: '9.2.3',
        release: '9.2',
        repoid: expect.any(String),
      });
    });
  });

  describe('nodes', () => {
    it('should list the cluster nodes with their status', async () => {
      const nodes = await sut.nodes();

      expect(nodes.map((node) => [node.node, node.status])).toEqual([
        ['pve1', 'online'],
        ['pve2', 'online'],
        ['pve3', 'online'],
      ]);
    });
  });

  describe('clusterResources', () => {
    it('should list every kind of resource without a filter', async () => {
      const types = new Set((await sut.clusterResources()).map((resource) => resource.type));

      expect([...types].sort()).toEqual(['lxc', 'node', 'pool', 'qemu', 'sdn', 'storage']);
    });

    it('should list only guests for the vm filter', async () => {
      const resources = await sut.clusterResources('vm');

      expect(resources.every((resource) => resource.type === 'qemu' || resource.type === 'lxc')).toBe(true);
      expect(resources.find((resource) => resource.id === 'qemu/100')).toMatchObject({
        vmid: 100,
        node: 'pve1',
        name: 'web-01',
        status: 'running',
        template: 0,
        tags: 'prod;web',
      });
    });
  });

  describe('listGuests', () => {
    it('should list the VMs of a node', async () => {
      const vms = await sut.listGuests('pve1', 'qemu');

      expect(vms.map((vm) => vm.vmid).sort()).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 9000]);
    });

    it('should list the containers of a node', async () => {
      const cts = await sut.listGuests('pve3', 'lxc');

      expect(cts.map((ct) => [ct.vmid, ct.name, ct.status])).toEqual(
        expect.arrayContaining([
          [220, 'unifi-controller', 'running'],
          [221, 'transmission', 'stopped'],
        ]),
      );
    });
  });

  describe('guestStatus', () => {
    it('should return the current status of a guest', async () => {
      await expect(sut.guestStatus('pve1', 'qemu', 102)).resolves.toMatchObject({
        vmid: 102,
        name: 'db-01',
        status: 'running',
        ha: { managed: 0 },
      });
    });
  });

  describe('powerGuest', () => {
    it('should return the UPID of the task PVE started', async () => {
      const upid = await sut.powerGuest('pve1', 'qemu', 106, 'start');

      expect(parseUpid(upid)).toMatchObject({
        node: 'pve1',
        type: 'qmstart',
        id: '106',
        user: 'root@pam!mpc',
      });
    });

    it('should use the container worker for lxc guests', async () => {
      const upid = await sut.powerGuest('pve2', 'lxc', 212, 'shutdown');

      expect(parseUpid(upid).type).toBe('vzshutdown');
    });
  });

  describe('taskStatus', () => {
    it('should report a task that is still running', async () => {
      const upid = await sut.powerGuest('pve1', 'qemu', 106, 'start');

      await expect(sut.taskStatus('pve1', upid)).resolves.toMatchObject({
        upid,
        node: 'pve1',
        type: 'qmstart',
        id: '106',
        user: 'root@pam',
        tokenid: 'mpc',
        status: 'running',
      });
    });
  });

  describe('waitForTask', () => {
    it('should resolve with the stopped task once it finished', async () => {
      const upid = await sut.powerGuest('pve1', 'qemu', 106, 'start');

      const final = await sut.waitForTask('pve1', upid, { pollIntervalMs: 20 });

      expect(final).toMatchObject({ upid, status: 'stopped', exitstatus: 'OK' });
      expect(simulator.state.guest(106)?.status).toBe('running');
    });

    it('should report progress from running to stopped', async () => {
      const upid = await sut.powerGuest('pve1', 'qemu', 106, 'start');
      const seen: Array<PveTaskStatus['status']> = [];

      await sut.waitForTask('pve1', upid, {
        pollIntervalMs: 20,
        onProgress: (status) => seen.push(status.status),
      });

      expect(seen[0]).toBe('running');
      expect(seen.at(-1)).toBe('stopped');
      expect(seen.filter((status) => status === 'stopped')).toHaveLength(1);
    });

    it('should resolve, not reject, when the task failed', async () => {
      const upid = await sut.powerGuest('pve1', 'qemu', 100, 'start');

      await expect(sut.waitForTask('pve1', upid, { pollIntervalMs: 20 })).resolves.toMatchObject({
        status: 'stopped',
        exitstatus: 'VM 100 already running',
      });
    });

    it('should reject with TIMEOUT once timeoutMs has passed', async () => {
      const slow = new PveSimulator({ taskDurationMs: 60_000 });
      const client = new PveClient({ ...DEFAULT_SIM_TOKEN_OPTIONS, baseUrl: await slow.start() });
      try {
        const upid = await client.powerGuest('pve1', 'qemu', 106, 'start');
        const started = Date.now();

        await expect(
          client.waitForTask('pve1', upid, { pollIntervalMs: 20, timeoutMs: 200 }),
        ).rejects.toMatchObject({
          code: 'TIMEOUT',
          retryable: true,
        });
        expect(Date.now() - started).toBeLessThan(2_000);
      } finally {
        await client.close();
        await slow.stop();
      }
    });

    it('should reject with the abort reason when its signal aborts', async () => {
      const upid = await sut.powerGuest('pve1', 'qemu', 106, 'start');
      const controller = new AbortController();
      const reason = new Error('operator cancelled');

      const waiting = sut.waitForTask('pve1', upid, { pollIntervalMs: 20, signal: controller.signal });
      controller.abort(reason);

      await expect(waiting).rejects.toBe(reason);
    });
  });
});

const DEFAULT_SIM_TOKEN_OPTIONS = {
  tokenId: DEFAULT_SIM_TOKEN.tokenId,
  tokenSecret: DEFAULT_SIM_TOKEN.secret,
};
