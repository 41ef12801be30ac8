import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

type Entry = Record<string, unknown>;

describe('task list and log routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  const list = async (node: string, params: Record<string, string | number> = {}) =>
    (await dataOf(sut, 'GET', `/nodes/${node}/tasks`, params)) as Entry[];

  describe('GET /nodes/{node}/tasks', () => {
    it('should list finished tasks of the node, newest first, with their exit status', async () => {
      const first = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');
      const second = await runTask(sut, 'POST', '/nodes/pve1/qemu/100/status/start');

      expect(await list('pve1')).toEqual([
        expect.objectContaining({
          upid: second.upid,
          status: 'VM 100 already running',
          endtime: expect.any(Number),
        }),
        {
          upid: first.upid,
          node: 'pve1',
          pid: first.pid,
          pstart: first.pstart,
          starttime: first.starttime,
          type: 'qmstart',
          id: '106',
          user: 'root@pam',
          tokenid: 'mpc',
          status: 'OK',
          endtime: expect.any(Number),
        },
      ]);
    });

    it('should leave running tasks out by default and show them as RUNNING with source=active', async () => {
      const slow = new PveSimulator({ taskDurationMs: 5_000 });
      await slow.start();
      try {
        await dataOf(slow, 'POST', '/nodes/pve1/qemu/106/status/start');

        expect(await dataOf(slow, 'GET', '/nodes/pve1/tasks')).toEqual([]);
        expect(await dataOf(slow, 'GET', '/nodes/pve1/tasks', { source: 'active' })).toEqual([
          expect.objectContaining({ type: 'qmstart', status: 'RUNNING' }),
        ]);
      } finally {
        await slow.stop();
      }
    });

    it('should filter by vmid, type and errors', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');
      await runTask(sut, 'POST', '/nodes/pve1/qemu/100/status/start');
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/101/status/shutdown');

      expect((await list('pve1', { vmid: 101 })).map((task) => task['type'])).toEqual(['qmshutdown']);
      expect((await list('pve1', { typefilter: 'qmstart' })).map((task) => task['id'])).toEqual([
        '100',
        '106',
      ]);
      expect((await list('pve1', { errors: 1 })).map((task) => task['id'])).toEqual(['100']);
      expect((await list('pve1', { statusfilter: 'ok' })).map((task) => task['id'])).toEqual(['101', '106']);
    });

    it('should page with start and limit', async () => {
      for (const vmid of [100, 101, 102])
        await runTaskOk(sut, 'POST', `/nodes/pve1/qemu/${vmid}/status/stop`);

      expect((await list('pve1', { start: 1, limit: 1 })).map((task) => task['id'])).toEqual(['101']);
    });

    it("should not list another node's tasks", async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');

      await expect(list('pve2')).resolves.toEqual([]);
    });

    it('should refuse an unknown status in statusfilter', async () => {
      const response = await send(sut, 'GET', '/nodes/pve1/tasks', { statusfilter: 'ok,fine' });

      expect(response.body?.errors).toEqual({ statusfilter: "invalid format - invalid status 'fine'\n" });
    });
  });

  describe('GET /nodes/{node}/tasks/{upid}/log', () => {
    it('should return numbered lines ending with the task status', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/config', { cores: 2 });

      await expect(
        dataOf(sut, 'GET', `/nodes/pve1/tasks/${encodeURIComponent(task.upid)}/log`),
      ).resolves.toEqual([
        { n: 1, t: 'update VM 106: -cores 2' },
        { n: 2, t: 'TASK OK' },
      ]);
    });

    it('should page the log with start and limit', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, scsi0: 'local-lvm:1' });
      const log = `/nodes/pve1/tasks/${encodeURIComponent(task.upid)}/log`;

      await expect(dataOf(sut, 'GET', log, { start: 1, limit: 1 })).resolves.toEqual([
        { n: 2, t: "scsi0: successfully created disk 'local-lvm:vm-150-disk-0,size=1G'" },
      ]);
    });

    it('should read "no content" while a task has printed nothing yet', async () => {
      const slow = new PveSimulator({ taskDurationMs: 5_000 });
      await slow.start();
      try {
        const upid = (await dataOf(slow, 'POST', '/nodes/pve1/qemu/106/status/start')) as string;

        await expect(
          dataOf(slow, 'GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`),
        ).resolves.toEqual([{ n: 1, t: 'no content' }]);
      } finally {
        await slow.stop();
      }
    });

    it('should answer 400 "no such task" on another node', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');

      const response = await send(sut, 'GET', `/nodes/pve2/tasks/${encodeURIComponent(task.upid)}/log`);

      expect(response.body?.errors).toEqual({ upid: 'no such task' });
    });

    it('should answer 400 to a malformed UPID', async () => {
      const response = await send(sut, 'GET', '/nodes/pve1/tasks/nope/log');

      expect(response.body?.errors).toEqual({ upid: 'unable to parse worker upid' });
    });
  });

  it('should index a task with its log and status', async () => {
    const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');

    await expect(dataOf(sut, 'GET', `/nodes/pve1/tasks/${encodeURIComponent(task.upid)}`)).resolves.toEqual([
      { name: 'log' },
      { name: 'status' },
    ]);
  });

  describe('DELETE /nodes/{node}/tasks/{upid}', () => {
    it('should interrupt a running task: it ends with "received interrupt" and does no more', async () => {
      const slow = new PveSimulator({ taskDurationsMs: { vzdump: 5_000 } });
      await slow.start();
      try {
        const upid = (await dataOf(slow, 'POST', '/nodes/pve1/vzdump', {
          vmid: 106,
          storage: 'local',
        })) as string;
        const locked = slow.state.guest(106)?.config['lock'];
        await dataOf(slow, 'DELETE', `/nodes/pve1/tasks/${encodeURIComponent(upid)}`);
        const task = slow.state.task(upid);

        expect(locked).toBe('backup');
        expect(task).toMatchObject({ status: 'stopped', exitstatus: 'received interrupt' });
        expect(task?.log).toContain('ERROR: Backup of VM 106 failed - interrupted by signal');
        expect(slow.state.guest(106)?.config['lock']).toBeUndefined();
      } finally {
        await slow.stop();
      }
    });

    it('should leave a finished task as it is', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');

      await expect(
        dataOf(sut, 'DELETE', `/nodes/pve1/tasks/${encodeURIComponent(task.upid)}`),
      ).resolves.toBeNull();
      expect(sut.state.task(task.upid)?.exitstatus).toBe('OK');
    });

    it("should refuse another user's task without Sys.Modify on the node", async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');
      const refused = await send(sut, 'DELETE', `/nodes/pve2/tasks/${encodeURIComponent(task.upid)}`);

      expect(refused.body?.errors).toEqual({ upid: 'no such task' });
    });
  });
});
