import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest, taskStopped } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /;

describe('guest migrate routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  describe('POST /nodes/{node}/qemu/{vmid}/migrate', () => {
    it('should move a stopped VM to the target node', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/migrate', { target: 'pve2' });

      expect(task).toMatchObject({ type: 'qmigrate', node: 'pve1' });
      expect(requireGuest(sut, 106).node).toBe('pve2');
      expect(requireGuest(sut, 106).config).not.toHaveProperty('lock');
    });

    it('should write the timestamped log of AbstractMigrate', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/migrate', { target: 'pve2' });
      const lines = task.log.slice(0, -1);

      expect(lines.every((line) => TIMESTAMP.test(line))).toBe(true);
      expect(lines.map((line) => line.replace(TIMESTAMP, ''))).toEqual([
        "found local disk 'local-lvm:vm-106-disk-0' (attached)",
        "starting migration of VM 106 to node 'pve2' (192.168.1.12)",
        'copying local disk images',
        "volume 'local-lvm:vm-106-disk-0' is 'local-lvm:vm-106-disk-0' on the target",
        expect.stringMatching(/^migration finished successfully \(duration \d{2}:\d{2}:\d{2}\)$/),
      ]);
    });

    it('should hold the lock `migrate` while the task runs', async () => {
      const slow = new PveSimulator({ taskDurationsMs: { qmigrate: 5_000 } });
      await slow.start();
      try {
        await dataOf(slow, 'POST', '/nodes/pve1/qemu/106/migrate', { target: 'pve2' });

        expect(slow.state.guest(106)?.config['lock']).toBe('migrate');
        expect(
          (await send(slow, 'POST', '/nodes/pve1/qemu/106/migrate', { target: 'pve3' })).statusText,
        ).toBe('VM is locked (migrate)');
      } finally {
        await slow.stop();
      }
    });

    it('should refuse a running VM without online', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/100/migrate', { target: 'pve2' });

      expect(response.statusText).toBe("can't migrate running VM without --online");
    });

    it('should abort a live migration of local disks without with-local-disks', async () => {
      const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/100/migrate', { target: 'pve2', online: 1 });

      expect(task.exitstatus).toBe('migration aborted');
      expect(task.log.at(-2)).toMatch(
        /ERROR: migration aborted \(duration \d{2}:\d{2}:\d{2}\): Problem found while scanning volumes - can't migrate VM - check log$/,
      );
      expect(requireGuest(sut, 100).node).toBe('pve1');
    });

    it('should live-migrate a running VM with its local disks and keep it running', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/migrate', {
        target: 'pve3',
        online: 1,
        'with-local-disks': 1,
      });

      expect(requireGuest(sut, 100)).toMatchObject({ node: 'pve3', status: 'running' });
    });

    it('should fail the migration of a linked clone on local storage: the base image stays behind', async () => {
      const clone = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/9000/clone', {
        newid: 150,
        name: 'linked',
      });
      expect(clone.exitstatus).toBe('OK');

      const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/150/migrate', { target: 'pve2' });

      expect(task.exitstatus).toBe('migration aborted');
      expect(
        task.log.some((line) =>
          line.endsWith(
            "ERROR: migration aborted (duration 00:00:00): Problem found while scanning volumes - can't migrate 'local-lvm:base-9000-disk-0/vm-150-disk-0' as it's a clone of 'base-9000-disk-0' at /usr/share/perl5/PVE/QemuMigrate.pm line 586.",
          ),
        ),
      ).toBe(true);
      expect(requireGuest(sut, 150)).toMatchObject({ node: 'pve1' });
      expect(requireGuest(sut, 150).config['lock']).toBeUndefined();
    });

    it('should refuse the local node as target with a 400', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/migrate', { target: 'pve1' });

      expect(response.body?.errors).toEqual({ target: 'target is local node.' });
    });

    it('should refuse a node outside the cluster', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/migrate', { target: 'pve7' });

      expect(response.statusText).toBe("no such cluster node 'pve7'");
    });

    it('should make the guest disappear from the source node listing', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/migrate', { target: 'pve2' });

      const pve1 = (await dataOf(sut, 'GET', '/nodes/pve1/qemu')) as Array<{ vmid: number }>;
      const pve2 = (await dataOf(sut, 'GET', '/nodes/pve2/qemu')) as Array<{ vmid: number }>;

      expect(pve1.map((vm) => vm.vmid)).not.toContain(106);
      expect(pve2.map((vm) => vm.vmid)).toContain(106);
    });
  });

  describe('POST /nodes/{node}/lxc/{vmid}/migrate', () => {
    it('should refuse a running container without online or restart', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc/200/migrate', { target: 'pve2' });

      expect(response.statusText).toBe("can't migrate running container without --online or --restart");
    });

    it('should fail the task of an online container migration: LXC has none', async () => {
      const task = await runTask(sut, 'POST', '/nodes/pve1/lxc/200/migrate', { target: 'pve2', online: 1 });

      expect(task.exitstatus).toBe('migration aborted');
      expect(task.log.at(-2)).toContain('lxc live migration is currently not implemented');
    });

    it('should shut a running container down, move it and start it on the target in restart mode', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/lxc/200/migrate', {
        target: 'pve2',
        restart: 1,
      });

      expect(task.type).toBe('vzmigrate');
      expect(task.log.map((line) => line.replace(TIMESTAMP, ''))).toEqual(
        expect.arrayContaining(['shutdown CT 200', 'start container on target node']),
      );
      expect(requireGuest(sut, 200)).toMatchObject({ node: 'pve2', status: 'running' });
    });

    it('should fail the migration of a linked container clone on local storage', async () => {
      await dataOf(sut, 'POST', '/nodes/pve2/lxc/211/template');
      const converted = sut.state.tasks().find((entry) => entry.type === 'vztemplate');
      await taskStopped(sut, converted?.upid ?? '');
      await runTaskOk(sut, 'POST', '/nodes/pve2/lxc/211/clone', { newid: 250, hostname: 'linked-ct' });

      const task = await runTask(sut, 'POST', '/nodes/pve2/lxc/250/migrate', { target: 'pve1' });

      expect(task.exitstatus).toBe('migration aborted');
      expect(
        task.log.some((line) =>
          line.endsWith(
            "can't migrate local volume 'local-lvm:base-211-disk-0/vm-250-disk-0': clone of 'base-211-disk-0'",
          ),
        ),
      ).toBe(true);
      expect(requireGuest(sut, 250).node).toBe('pve2');
    });

    it('should fail the task of a locked container', async () => {
      requireGuest(sut, 211).config['lock'] = 'backup';

      const task = await runTask(sut, 'POST', '/nodes/pve2/lxc/211/migrate', { target: 'pve3' });

      expect(task.exitstatus).toBe('migration aborted');
      expect(task.log.at(-2)).toMatch(
        /ERROR: migration aborted \(duration [\d:]+\): CT is locked \(backup\)$/,
      );
    });
  });
});
