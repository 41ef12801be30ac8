import { dataOf, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest, taskStopped } from '../../__tests__/sim-http';
import { HOMELAB_NFS_SHARE } from '../../scenarios/homelab-services';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('guest move disk routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20, storages: HOMELAB_NFS_SHARE });
    await sut.start();
  });

  afterEach(() => sut.stop());

  it('should copy a VM disk to another storage in a qmmove task, keeping the source as unused', async () => {
    const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/move_disk', {
      disk: 'scsi0',
      storage: 'nas',
    });

    expect(task.type).toBe('qmmove');
    expect(requireGuest(sut, 106).config).toMatchObject({
      scsi0: 'nas:106/vm-106-disk-0.raw,iothread=1,size=64G',
      unused0: 'local-lvm:vm-106-disk-0',
    });
    expect(task.log).toContain("adding source volume 'local-lvm:vm-106-disk-0' as 'unused0' to config");
  });

  it('should remove the source with delete', async () => {
    const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/move_disk', {
      disk: 'scsi0',
      storage: 'nas',
      delete: 1,
    });

    expect(requireGuest(sut, 100).config['unused0']).toBeUndefined();
    expect(task.log).toContain("removing source volume 'local-lvm:vm-100-disk-0' after successful copy");
  });

  it.each([
    [{ disk: 'scsi0', storage: 'local-lvm' }, "you can't move to the same storage with same format\n"],
    [{ disk: 'scsi4', storage: 'nas' }, "disk 'scsi4' does not exist\n"],
  ])('should refuse %j before forking', async (params, message) => {
    const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/move_disk', params);

    expect(response.body?.message).toBe(message);
  });

  it('should refuse a storage without vm images, naming it', async () => {
    const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/move_disk', {
      disk: 'scsi0',
      storage: 'local',
    });

    expect(response.body?.errors).toEqual({ storage: "storage 'local' does not support vm images" });
  });

  it('should ask for a storage', async () => {
    const response = await send(sut, 'POST', '/nodes/pve1/qemu/106/move_disk', { disk: 'scsi0' });
    const message = "both 'storage' and 'target-vmid' missing, either needs to be set";

    expect(response.body?.errors).toEqual({ 'target-vmid': message, storage: message });
  });

  it("should move a stopped container's volume, holding the lock `disk` meanwhile", async () => {
    const upid = (await dataOf(sut, 'POST', '/nodes/pve2/lxc/211/move_volume', {
      volume: 'rootfs',
      storage: 'nas',
    })) as string;
    const locked = requireGuest(sut, 211).config['lock'];
    await taskStopped(sut, upid);

    expect(locked).toBe('disk');
    expect(requireGuest(sut, 211).config).toMatchObject({
      rootfs: 'nas:211/vm-211-disk-0.raw,size=2G',
      unused0: 'local-lvm:vm-211-disk-0',
    });
    expect(requireGuest(sut, 211).config['lock']).toBeUndefined();
  });

  it('should refuse a running container', async () => {
    const response = await send(sut, 'POST', '/nodes/pve1/lxc/200/move_volume', {
      volume: 'rootfs',
      storage: 'nas',
    });

    expect(response.body?.message).toBe('cannot move volumes of a running container\n');
  });
});
