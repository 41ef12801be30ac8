import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

const ISO = 'local:iso/debian-12.9.0-amd64-netinst.iso';

describe('storage volume routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  const backupOf = (vmid: number, index = 0) =>
    sut.state.volumes('pve3', 'local').filter((volume) => volume.vmid === vmid)[index]?.volid ?? '';
  const volumePath = (node: string, volid: string) =>
    `/nodes/${node}/storage/${volid.split(':')[0]}/content/${volid}`;
  const listed = async (node: string, storage: string) =>
    ((await dataOf(sut, 'GET', `/nodes/${node}/storage/${storage}/content`)) as Array<{ volid: string }>).map(
      (volume) => volume.volid,
    );

  it('should describe a volume named with slashes in the path', async () => {
    await expect(dataOf(sut, 'GET', volumePath('pve1', ISO))).resolves.toEqual({
      path: '/var/lib/vz/template/iso/debian-12.9.0-amd64-netinst.iso',
      size: 632 * 1024 ** 2,
      used: 632 * 1024 ** 2,
      format: 'iso',
    });
  });

  it("should show a backup's notes and protection", async () => {
    await expect(dataOf(sut, 'GET', volumePath('pve3', backupOf(102, 1)))).resolves.toMatchObject({
      notes: 'before the PostgreSQL 17 upgrade',
      protected: 1,
    });
  });

  it('should refuse a volume id of another storage and a bare name without one', async () => {
    const mismatch = await send(sut, 'GET', `/nodes/pve1/storage/local-lvm/content/${ISO}`);

    expect(mismatch.body?.errors).toEqual({ volume: 'storage ID mismatch (local != local-lvm)\n'.trimEnd() });
  });

  it('should set notes on a backup and refuse them on an ISO image', async () => {
    await dataOf(sut, 'PUT', volumePath('pve3', backupOf(111)), { notes: 'monthly' });
    const refused = await send(sut, 'PUT', volumePath('pve1', ISO), { notes: 'x' });

    expect(sut.state.volume('pve3', backupOf(111))?.notes).toBe('monthly');
    expect(refused.body?.message).toBe('only backups can have notes\n');
  });

  it('should delete a backup in an imgdel task', async () => {
    const volid = backupOf(111);
    const task = await runTaskOk(sut, 'DELETE', volumePath('pve3', volid));

    expect(task).toMatchObject({ type: 'imgdel', id: '111@local' });
    expect(task.log).toContain(`Removed volume '${volid}'`);
    expect(await listed('pve3', 'local')).not.toContain(volid);
  });

  it('should fail the task of a protected backup, keeping it', async () => {
    const volid = backupOf(102, 1);
    const task = await runTask(sut, 'DELETE', volumePath('pve3', volid));

    expect(task.exitstatus).toBe(
      `cannot remove protected volume '${volid.slice('local:'.length)}' on 'local'`,
    );
    expect(await listed('pve3', 'local')).toContain(volid);
  });

  it("should free a guest's disk even while its config names it, as vdisk_free does", async () => {
    await runTaskOk(sut, 'DELETE', volumePath('pve1', 'local-lvm:vm-106-disk-0'));

    expect(await listed('pve1', 'local-lvm')).not.toContain('local-lvm:vm-106-disk-0');
    expect(sut.state.guest(106)?.config['scsi0']).toContain('local-lvm:vm-106-disk-0');
  });

  it('should answer null when the task ends within `delay`', async () => {
    await expect(dataOf(sut, 'DELETE', volumePath('pve3', backupOf(111)), { delay: 5 })).resolves.toBeNull();
  });
});
