import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest, taskStopped } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

// Resize, template and destroy: what happens to a guest's disks.
describe('guest resize, template and destroy routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  describe('PUT …/resize', () => {
    it('should grow a VM disk by +N in a resize task', async () => {
      const task = await runTaskOk(sut, 'PUT', '/nodes/pve1/qemu/106/resize', {
        disk: 'scsi0',
        size: '+16G',
      });

      expect(task.type).toBe('resize');
      expect(requireGuest(sut, 106).config['scsi0']).toBe('local-lvm:vm-106-disk-0,iothread=1,size=80G');
      expect(task.log[0]).toBe(
        '  Size of logical volume pve/vm-106-disk-0 changed from 64.00 GiB (16384 extents) to 80.00 GiB (20480 extents).',
      );
    });

    it('should set an absolute size', async () => {
      await runTaskOk(sut, 'PUT', '/nodes/pve1/qemu/106/resize', { disk: 'scsi0', size: '100G' });

      expect(requireGuest(sut, 106).config['scsi0']).toContain('size=100G');
    });

    it("should fail the task of a VM disk shrink with qemu-server's message", async () => {
      const task = await runTask(sut, 'PUT', '/nodes/pve1/qemu/106/resize', { disk: 'scsi0', size: '10G' });

      expect(task.exitstatus).toBe('shrinking disks is not supported');
    });

    it("should refuse a container disk shrink before forking, in pve-container's words", async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/lxc/200/resize', { disk: 'rootfs', size: '1G' });

      expect(response.statusText).toBe('unable to shrink disk size');
    });

    it('should grow a container root disk', async () => {
      await runTaskOk(sut, 'PUT', '/nodes/pve1/lxc/200/resize', { disk: 'rootfs', size: '+2G' });

      expect(requireGuest(sut, 200).config['rootfs']).toBe('local-lvm:vm-200-disk-0,size=6G');
    });

    it('should refuse a size that does not match the pattern', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/resize', { disk: 'scsi0', size: '-1G' });

      expect(response.body?.errors).toEqual({ size: 'value does not match the regex pattern' });
    });

    it('should fail the task for a disk the VM does not have', async () => {
      const task = await runTask(sut, 'PUT', '/nodes/pve1/qemu/106/resize', { disk: 'scsi5', size: '+1G' });

      expect(task.exitstatus).toBe("disk 'scsi5' does not exist");
    });

    it('should fail the task of a locked VM', async () => {
      requireGuest(sut, 106).config['lock'] = 'snapshot';

      const task = await runTask(sut, 'PUT', '/nodes/pve1/qemu/106/resize', { disk: 'scsi0', size: '+1G' });

      expect(task.exitstatus).toBe('VM is locked (snapshot)');
    });

    it('should check the VM lock as its worker starts, not when it ends', async () => {
      const guest = requireGuest(sut, 106);
      guest.config['lock'] = 'backup';
      const upid = (await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/resize', {
        disk: 'scsi0',
        size: '+1G',
      })) as string;
      delete guest.config['lock'];

      expect((await taskStopped(sut, upid)).exitstatus).toBe('VM is locked (backup)');
      expect(guest.config['scsi0']).toContain('size=64G');
    });

    it('should finish a resize whose VM another worker locks while it runs', async () => {
      const guest = requireGuest(sut, 106);
      const upid = (await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/resize', {
        disk: 'scsi0',
        size: '+1G',
      })) as string;
      guest.config['lock'] = 'backup';

      expect((await taskStopped(sut, upid)).exitstatus).toBe('OK');
      expect(guest.config['scsi0']).toContain('size=65G');
    });
  });

  describe('POST …/template', () => {
    it('should turn a stopped VM into a template with base images', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/template');

      expect(task.type).toBe('qmtemplate');
      expect(requireGuest(sut, 106).config).toMatchObject({
        template: '1',
        scsi0: 'local-lvm:base-106-disk-0,iothread=1,size=64G',
      });
      expect(task.log[0]).toBe('  Renamed "vm-106-disk-0" to "base-106-disk-0" in volume group "pve"');
    });

    it('should refuse a running VM', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/100/template');

      expect(response.statusText).toBe("you can't convert a VM to template if VM is running");
    });

    it('should refuse a template', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/9000/template');

      expect(response.statusText).toBe("you can't convert a template to a template");
    });

    it('should refuse a VM with snapshots', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'before' });

      const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/template');

      expect(response.statusText).toBe('unable to create template, because VM contains snapshots');
    });

    it('should answer null for a container, then convert it in a vztemplate task', async () => {
      await expect(dataOf(sut, 'POST', '/nodes/pve2/lxc/211/template')).resolves.toBeNull();
      const task = sut.state.tasks().find((entry) => entry.type === 'vztemplate');
      await taskStopped(sut, task?.upid ?? '');

      expect(requireGuest(sut, 211).config).toMatchObject({
        template: '1',
        rootfs: 'local-lvm:base-211-disk-0,size=2G',
      });
    });

    it('should refuse a running container', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc/200/template');

      expect(response.statusText).toBe("you can't convert a CT to template if the CT is running");
    });
  });

  describe('DELETE /nodes/{node}/{type}/{vmid}', () => {
    it('should destroy a stopped VM and its disks in a qmdestroy task', async () => {
      const task = await runTaskOk(sut, 'DELETE', '/nodes/pve1/qemu/106');

      expect(task.type).toBe('qmdestroy');
      expect(task.log).toEqual(['  Logical volume "vm-106-disk-0" successfully removed.', 'TASK OK']);
      expect(sut.state.guest(106)).toBeUndefined();
    });

    it('should refuse a running VM', async () => {
      const response = await send(sut, 'DELETE', '/nodes/pve1/qemu/100');

      expect(response.statusText).toBe('VM 100 is running - destroy failed');
    });

    it('should refuse a protected VM', async () => {
      requireGuest(sut, 106).config['protection'] = '1';

      const response = await send(sut, 'DELETE', '/nodes/pve1/qemu/106');

      expect(response).toMatchObject({
        status: 500,
        statusText: "can't remove VM 106 - protection mode enabled",
      });
      expect(sut.state.guest(106)).toBeDefined();
    });

    it('should fail the task of a locked VM', async () => {
      requireGuest(sut, 106).config['lock'] = 'backup';

      const task = await runTask(sut, 'DELETE', '/nodes/pve1/qemu/106');

      expect(task.exitstatus).toBe('VM is locked (backup)');
      expect(sut.state.guest(106)).toBeDefined();
    });

    it('should keep a template whose base image a linked clone uses', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 150 });

      const task = await runTask(sut, 'DELETE', '/nodes/pve1/qemu/9000');

      expect(task.exitstatus).toBe(
        "base volume 'local-lvm:base-9000-disk-0' is still in use by linked cloned",
      );
    });

    it('should drop a destroyed guest from its pool', async () => {
      await runTaskOk(sut, 'DELETE', '/nodes/pve3/lxc/221');

      expect(sut.state.pool('home')?.vms.has(221)).toBe(false);
    });

    it("should refuse a running container unless forced, in pve-container's words", async () => {
      const response = await send(sut, 'DELETE', '/nodes/pve1/lxc/200');

      expect(response.statusText).toBe('unable to destroy CT 200 - container is running');
    });

    it('should stop and destroy a running container with force=1', async () => {
      const task = await runTaskOk(sut, 'DELETE', '/nodes/pve1/lxc/200', { force: 1 });

      expect(task.log[0]).toBe('forced to stop CT 200 before destroying!');
      expect(sut.state.guest(200)).toBeUndefined();
    });

    it('should refuse a locked container before forking', async () => {
      requireGuest(sut, 211).config['lock'] = 'backup';

      const response = await send(sut, 'DELETE', '/nodes/pve2/lxc/211');

      expect(response.statusText).toBe('CT is locked (backup)');
    });
  });
});
