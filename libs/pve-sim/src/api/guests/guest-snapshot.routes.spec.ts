import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

type Entry = Record<string, unknown>;

describe('guest snapshot routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20, guestAgentDelayMs: 0 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  const snapshots = async (guest: string) => (await dataOf(sut, 'GET', `${guest}/snapshot`)) as Entry[];

  it('should list only `current` for a guest without snapshots', async () => {
    await expect(snapshots('/nodes/pve1/qemu/100')).resolves.toEqual([
      {
        name: 'current',
        digest: expect.stringMatching(/^[0-9a-f]{40}$/),
        running: 1,
        description: 'You are here!',
      },
    ]);
  });

  it('should take a snapshot in a qmsnapshot task and list it as the parent of `current`', async () => {
    const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/snapshot', {
      snapname: 'pre_upgrade',
      description: 'before apt upgrade',
    });

    expect(task.type).toBe('qmsnapshot');
    expect(task.log).toContain('  Logical volume "snap_vm-100-disk-0_pre_upgrade" created.');
    await expect(snapshots('/nodes/pve1/qemu/100')).resolves.toEqual([
      { name: 'pre_upgrade', snaptime: expect.any(Number), vmstate: 0, description: 'before apt upgrade' },
      expect.objectContaining({ name: 'current', parent: 'pre_upgrade' }),
    ]);
  });

  it('should chain snapshots through their parents', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'one' });
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'two' });

    const list = await snapshots('/nodes/pve1/qemu/100');

    expect(list.find((entry) => entry['name'] === 'two')).toMatchObject({ parent: 'one' });
    expect(list.at(-1)).toMatchObject({ name: 'current', parent: 'two' });
  });

  it('should hold the lock `snapshot` while the task runs', async () => {
    const slow = new PveSimulator({ taskDurationsMs: { qmsnapshot: 5_000 } });
    await slow.start();
    try {
      await dataOf(slow, 'POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'slow' });

      expect(slow.state.guest(100)?.config['lock']).toBe('snapshot');
      const list = (await dataOf(slow, 'GET', '/nodes/pve1/qemu/100/snapshot')) as Entry[];
      expect(list[0]).toMatchObject({ name: 'slow', snapstate: 'prepare' });
    } finally {
      await slow.stop();
    }
  });

  it('should fail the task for a name in use', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'twice' });

    const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'twice' });

    expect(task.exitstatus).toBe("snapshot name 'twice' already used");
    expect(requireGuest(sut, 100).config).not.toHaveProperty('lock');
  });

  it("should refuse the reserved name 'current'", async () => {
    const response = await send(sut, 'POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'current' });

    expect(response.statusText).toBe("unable to use snapshot name 'current' (reserved name)");
  });

  it('should fail the task of a template', async () => {
    const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/9000/snapshot', { snapname: 'nope' });

    expect(task.exitstatus).toBe("you can't take a snapshot if it's a template");
  });

  it('should restore the snapshot config on rollback, stopping the VM', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/snapshot', { snapname: 'good' });
    await dataOf(sut, 'PUT', '/nodes/pve1/qemu/100/config', { memory: 8192, delete: 'tags' });

    const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/snapshot/good/rollback');

    expect(task.type).toBe('qmrollback');
    expect(requireGuest(sut, 100)).toMatchObject({
      status: 'stopped',
      config: expect.objectContaining({ memory: '4096', tags: 'prod;web', parent: 'good' }),
    });
  });

  it('should start the VM after the rollback with start=1', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'good' });

    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot/good/rollback', { start: 1 });

    expect(requireGuest(sut, 106).status).toBe('running');
  });

  it('should keep a disk added after the snapshot as unused after the rollback', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'good' });
    await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { scsi1: 'local-lvm:4' });

    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot/good/rollback');

    expect(requireGuest(sut, 106).config).toMatchObject({ unused0: 'local-lvm:vm-106-disk-1' });
    expect(requireGuest(sut, 106).config).not.toHaveProperty('scsi1');
  });

  it('should fail the rollback task of an unknown snapshot', async () => {
    const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/100/snapshot/ghost/rollback');

    expect(task.exitstatus).toBe("snapshot 'ghost' does not exist");
  });

  it('should delete a snapshot and re-parent its child', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'one' });
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'two' });

    const task = await runTaskOk(sut, 'DELETE', '/nodes/pve1/qemu/106/snapshot/one');

    expect(task.type).toBe('qmdelsnapshot');
    const list = await snapshots('/nodes/pve1/qemu/106');
    expect(list.map((entry) => entry['name'])).toEqual(['two', 'current']);
    expect(list[0]).not.toHaveProperty('parent');
  });

  it('should return the config of a snapshot', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'cfg', description: 'note' });

    await expect(dataOf(sut, 'GET', '/nodes/pve1/qemu/106/snapshot/cfg/config')).resolves.toMatchObject({
      name: 'ci-runner-01',
      cores: 4,
      description: 'note',
      snaptime: expect.any(Number),
    });
  });

  it('should update the description of a snapshot', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/snapshot', { snapname: 'cfg' });

    await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/snapshot/cfg/config', { description: 'kept for audit' });

    expect(requireGuest(sut, 106).snapshots?.['cfg']?.['description']).toBe('kept for audit');
  });

  it('should save the RAM of a running VM with vmstate=1 and start it again on rollback', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/101/snapshot', { snapname: 'live', vmstate: 1 });

    expect((await snapshots('/nodes/pve1/qemu/101'))[0]).toMatchObject({ name: 'live', vmstate: 1 });
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/101/snapshot/live/rollback');
    expect(requireGuest(sut, 101).status).toBe('running');
  });

  describe('containers', () => {
    it('should snapshot, roll back and delete with vz workers', async () => {
      const taken = await runTaskOk(sut, 'POST', '/nodes/pve1/lxc/200/snapshot', { snapname: 'clean' });
      await dataOf(sut, 'PUT', '/nodes/pve1/lxc/200/config', { memory: 2048 });
      const rolledBack = await runTaskOk(sut, 'POST', '/nodes/pve1/lxc/200/snapshot/clean/rollback');
      const deleted = await runTaskOk(sut, 'DELETE', '/nodes/pve1/lxc/200/snapshot/clean');

      expect([taken.type, rolledBack.type, deleted.type]).toEqual([
        'vzsnapshot',
        'vzrollback',
        'vzdelsnapshot',
      ]);
      expect(requireGuest(sut, 200).config['memory']).toBe('512');
      expect(requireGuest(sut, 200).snapshots).toBeUndefined();
    });

    it('should list container snapshots without vmstate', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/lxc/200/snapshot', { snapname: 'clean' });

      expect((await snapshots('/nodes/pve1/lxc/200'))[0]).toEqual({
        name: 'clean',
        snaptime: expect.any(Number),
        description: '',
      });
    });

    it("should refuse the reserved name 'vzdump'", async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc/200/snapshot', { snapname: 'vzdump' });

      expect(response.statusText).toBe("unable to use snapshot name 'vzdump' (reserved name)");
    });
  });
});
