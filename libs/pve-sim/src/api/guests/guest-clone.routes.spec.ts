import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { HOMELAB_NFS_SHARE } from '../../scenarios/homelab-services';

describe('guest clone routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  describe('POST /nodes/{node}/qemu/{vmid}/clone', () => {
    it('should make a linked clone of a template by default', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/9000/clone', {
        newid: 150,
        name: 'app-01',
      });

      expect(task.type).toBe('qmclone');
      expect(requireGuest(sut, 150).config).toMatchObject({
        name: 'app-01',
        scsi0: 'local-lvm:base-9000-disk-0/vm-150-disk-0,iothread=1,size=8G',
      });
      expect(requireGuest(sut, 150).config).not.toHaveProperty('template');
      expect(task.log).toContain('create linked clone of drive scsi0 (local-lvm:base-9000-disk-0)');
    });

    it('should link a clone of a template on a file storage as a qcow2 file over the base image', async () => {
      const nfs = new PveSimulator({ taskDurationMs: 20, storages: HOMELAB_NFS_SHARE });
      await nfs.start();
      try {
        await runTaskOk(nfs, 'POST', '/nodes/pve1/qemu', { vmid: 150, scsi0: 'nas:8' });
        await runTaskOk(nfs, 'POST', '/nodes/pve1/qemu/150/template');
        await runTaskOk(nfs, 'POST', '/nodes/pve1/qemu/150/clone', { newid: 151 });

        expect(requireGuest(nfs, 150).config['scsi0']).toBe('nas:150/base-150-disk-0.raw,size=8G');
        expect(requireGuest(nfs, 151).config['scsi0']).toBe(
          'nas:150/base-150-disk-0.raw/151/vm-151-disk-0.qcow2,size=8G',
        );
      } finally {
        await nfs.stop();
      }
    });

    it('should copy the disks of a full clone to volumes of the new VM', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 150, full: 1 });

      expect(requireGuest(sut, 150).config['scsi0']).toBe('local-lvm:vm-150-disk-0,iothread=1,size=8G');
      expect(task.log).toEqual(expect.arrayContaining(['transferred 8.0 GiB of 8.0 GiB (100.00%)']));
    });

    it('should give the clone new MAC addresses and a new SMBIOS UUID', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 150 });
      const source = requireGuest(sut, 9000).config;
      const clone = requireGuest(sut, 150).config;

      expect(clone['net0']).toMatch(/^virtio=BC:24:11:/);
      expect(clone['net0']).not.toBe(source['net0']);
      expect(clone['smbios1']).toMatch(/^uuid=/);
    });

    it('should name an unnamed clone Copy-of-VM-<name>', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 150 });

      expect(requireGuest(sut, 150).config['name']).toBe('Copy-of-VM-debian-12-template');
    });

    it("should refuse a linked clone of a normal VM with qemu-server's message", async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/clone', { newid: 150, full: 0 });

      expect(response.statusText).toBe(
        "Linked clone feature is not supported for 'local-lvm:vm-106-disk-0' (scsi0)",
      );
    });

    it('should refuse `storage` for a linked clone', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/9000/clone', {
        newid: 150,
        storage: 'local-lvm',
      });

      expect(response.statusText).toBe("parameter 'storage' not allowed for linked clones");
    });

    it('should refuse a target node when the VM uses local storage', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/clone', { newid: 150, target: 'pve2' });

      expect(response.statusText).toBe("can't clone VM to node 'pve2' (VM uses local storage)");
    });

    it('should refuse a newid that exists', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 101 });

      expect(response.statusText).toBe('unable to create VM 101: config file already exists');
    });

    it('should refuse to clone a locked VM', async () => {
      requireGuest(sut, 106).config['lock'] = 'backup';

      const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/clone', { newid: 150 });

      expect(response.statusText).toBe('VM is locked (backup)');
    });

    it('should hold the clone locked `clone` while the task runs', async () => {
      const slow = new PveSimulator({ taskDurationsMs: { qmclone: 5_000 } });
      await slow.start();
      try {
        await dataOf(slow, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 150 });

        expect(slow.state.guest(150)?.config).toEqual({ lock: 'clone' });
      } finally {
        await slow.stop();
      }
    });

    it('should clone from a snapshot, linked', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'base' });

      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/clone', { newid: 150, snapname: 'base', full: 0 });

      expect(requireGuest(sut, 150).config['scsi0']).toBe(
        'local-lvm:vm-106-disk-0/vm-150-disk-0,iothread=1,size=64G',
      );
    });

    it('should add the clone to the pool', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 150, pool: 'k8s' });

      expect(sut.state.poolOf(150)?.poolid).toBe('k8s');
    });
  });

  describe('POST /nodes/{node}/lxc/{vmid}/clone', () => {
    it('should make a full clone of a stopped container with a new hostname', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve2/lxc/211/clone', {
        newid: 250,
        hostname: 'mqtt-02',
      });

      expect(task.type).toBe('vzclone');
      expect(requireGuest(sut, 250).config).toMatchObject({
        hostname: 'mqtt-02',
        rootfs: 'local-lvm:vm-250-disk-0,size=2G',
      });
      expect(requireGuest(sut, 250).node).toBe('pve2');
    });

    it('should lock the source `disk` and the clone `create` while it runs', async () => {
      const slow = new PveSimulator({ taskDurationsMs: { vzclone: 5_000 } });
      await slow.start();
      try {
        await dataOf(slow, 'POST', '/nodes/pve2/lxc/211/clone', { newid: 250 });

        expect(slow.state.guest(211)?.config['lock']).toBe('disk');
        expect(slow.state.guest(250)?.config['lock']).toBe('create');
      } finally {
        await slow.stop();
      }
    });

    it('should release the locks when the clone is done', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve2/lxc/211/clone', { newid: 250 });

      expect(requireGuest(sut, 211).config).not.toHaveProperty('lock');
      expect(requireGuest(sut, 250).config).not.toHaveProperty('lock');
    });

    it('should refuse a full clone of a running container without a snapshot', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc/200/clone', { newid: 250 });

      expect(response.statusText).toBe('Full clone of a running container is only possible from a snapshot');
      expect(requireGuest(sut, 200).config).not.toHaveProperty('lock');
      expect(sut.state.guest(250)).toBeUndefined();
    });

    it("should refuse a linked clone of a normal container in pve-container's words", async () => {
      const response = await send(sut, 'POST', '/nodes/pve2/lxc/211/clone', { newid: 250, full: 0 });

      expect(response.statusText).toBe("Linked clone feature for 'local-lvm:vm-211-disk-0' is not available");
    });

    it('should refuse a newid in use as check_vmid_unused does', async () => {
      const response = await send(sut, 'POST', '/nodes/pve2/lxc/211/clone', { newid: 100 });

      expect(response.statusText).toBe("VM 100 already exists on node 'pve1'");
      expect(requireGuest(sut, 211).config).not.toHaveProperty('lock');
    });

    it('should fail the task when the container is locked', async () => {
      requireGuest(sut, 211).config['lock'] = 'backup';

      const response = await send(sut, 'POST', '/nodes/pve2/lxc/211/clone', { newid: 250 });

      expect(response.statusText).toBe('CT is locked (backup)');
    });
  });

  it('should run the clone task on the source node', async () => {
    const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/9000/clone', { newid: 150 });

    expect(task).toMatchObject({ node: 'pve1', id: '9000' });
  });
});
