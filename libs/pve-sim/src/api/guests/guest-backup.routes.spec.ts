import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

const ARCHIVE = /^local:backup\/vzdump-qemu-106-\d{4}_\d{2}_\d{2}-\d{2}_\d{2}_\d{2}\.vma\.zst$/;

describe('guest backup and restore routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  const backups = (node: string, vmid: number) =>
    sut.state.volumes(node, 'local').filter((volume) => volume.content === 'backup' && volume.vmid === vmid);

  describe('POST /nodes/{node}/vzdump', () => {
    it('should write a vzdump archive to the storage in a vzdump task', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/vzdump', {
        vmid: 106,
        storage: 'local',
        mode: 'snapshot',
        compress: 'zstd',
      });

      expect(task).toMatchObject({ type: 'vzdump', id: '106' });
      expect(backups('pve1', 106)).toEqual([
        expect.objectContaining({
          volid: expect.stringMatching(ARCHIVE),
          format: 'vma.zst',
          subtype: 'qemu',
        }),
      ]);
    });

    it('should log like vzdump, every line INFO:', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/vzdump', { vmid: 106, compress: 'zstd' });

      expect(task.log.slice(0, -1).every((line) => line.startsWith('INFO: '))).toBe(true);
      expect(task.log).toEqual(
        expect.arrayContaining([
          'INFO: starting new backup job: vzdump 106 --compress zstd --node pve1',
          'INFO: Starting Backup of VM 106 (qemu)',
          'INFO: status = stopped',
          'INFO: backup mode: stop',
          "INFO: include disk 'scsi0' 'local-lvm:vm-106-disk-0' 64G",
          'INFO: Backup job finished successfully',
        ]),
      );
    });

    it('should name an uncompressed container backup .tar', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/vzdump', { vmid: 200 });

      expect(backups('pve1', 200)[0]?.volid).toMatch(/^local:backup\/vzdump-lxc-200-[\d_-]+\.tar$/);
    });

    it('should hold the lock `backup` on the guest while it is saved', async () => {
      const slow = new PveSimulator({ taskDurationsMs: { vzdump: 5_000 } });
      await slow.start();
      try {
        await dataOf(slow, 'POST', '/nodes/pve1/vzdump', { vmid: 100 });

        expect(slow.state.guest(100)?.config['lock']).toBe('backup');
        const stop = await send(slow, 'POST', '/nodes/pve1/qemu/100/config', { cores: 4 });
        expect(stop.statusText).toBe('VM is locked (backup)');
        const resources = (await dataOf(slow, 'GET', '/cluster/resources', { type: 'vm' })) as Array<
          Record<string, unknown>
        >;
        expect(resources.find((entry) => entry['vmid'] === 100)).toMatchObject({ lock: 'backup' });
      } finally {
        await slow.stop();
      }
    });

    it('should back guests up one after another', async () => {
      const slow = new PveSimulator({ taskDurationsMs: { vzdump: 600 } });
      await slow.start();
      try {
        await dataOf(slow, 'POST', '/nodes/pve1/vzdump', { vmid: '100,101' });

        expect([slow.state.guest(100)?.config['lock'], slow.state.guest(101)?.config['lock']]).toEqual([
          'backup',
          undefined,
        ]);
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect([slow.state.guest(100)?.config['lock'], slow.state.guest(101)?.config['lock']]).toEqual([
          undefined,
          'backup',
        ]);
      } finally {
        await slow.stop();
      }
    });

    it('should end with "job errors" when a guest is locked, and back the others up', async () => {
      requireGuest(sut, 100).config['lock'] = 'snapshot';

      const task = await runTask(sut, 'POST', '/nodes/pve1/vzdump', { vmid: '100,101' });

      expect(task.exitstatus).toBe('job errors');
      expect(task.log).toContain('ERROR: Backup of VM 100 failed - VM is locked (snapshot)');
      expect(backups('pve1', 101)).toHaveLength(1);
    });

    it('should fail the job on a storage without backup content', async () => {
      const task = await runTask(sut, 'POST', '/nodes/pve1/vzdump', { vmid: 106, storage: 'local-lvm' });

      expect(task.exitstatus).toBe(
        "could not get storage information for 'local-lvm': can't use storage 'local-lvm' for backups - wrong content type",
      );
    });

    it("should answer 'OK' without a task when the guests live on other nodes", async () => {
      await expect(dataOf(sut, 'POST', '/nodes/pve2/vzdump', { vmid: 100 })).resolves.toBe('OK');
    });

    it('should refuse all together with vmid', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/vzdump', { vmid: 100, all: 1 });

      expect(response.body?.errors).toEqual({ all: "option conflicts with option 'vmid'" });
    });

    it('should want a vmid, all or pool', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/vzdump', { storage: 'local' });

      expect(response.body?.errors).toEqual({ vmid: 'property is missing' });
    });

    it('should fill the notes template and protect the backup', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/vzdump', {
        vmid: 106,
        storage: 'local',
        'notes-template': '{{guestname}} on {{node}}',
        protected: 1,
      });

      expect(backups('pve1', 106)[0]).toMatchObject({ notes: 'ci-runner-01 on pve1', protected: true });
    });
  });

  describe('restore', () => {
    async function backupOf(vmid: number, node = 'pve1'): Promise<string> {
      await runTaskOk(sut, 'POST', `/nodes/${node}/vzdump`, { vmid, storage: 'local', compress: 'zstd' });
      const volid = backups(node, vmid).at(-1)?.volid;
      if (!volid) throw new Error('no backup was written');
      return volid;
    }

    it('should restore a VM backup to a new vmid in a qmrestore task', async () => {
      const archive = await backupOf(106);

      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, archive });

      expect(task.type).toBe('qmrestore');
      expect(requireGuest(sut, 150).config).toMatchObject({
        name: 'ci-runner-01',
        scsi0: 'local-lvm:vm-150-disk-0,iothread=1,size=64G',
      });
      expect(task.log[0]).toMatch(
        /^restore vma archive: zstd -q -d -c \/var\/lib\/vz\/dump\/vzdump-qemu-106-/,
      );
    });

    it('should refuse to restore over an existing VM without force', async () => {
      const archive = await backupOf(106);

      const response = await send(sut, 'POST', '/nodes/pve1/qemu', { vmid: 106, archive });

      expect(response.statusText).toBe("unable to restore VM 106 - VM 106 already exists on node 'pve1'");
    });

    it('should restore over an existing VM with force, bringing its old config back', async () => {
      const archive = await backupOf(106);
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { memory: 1024, name: 'renamed' });

      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', { vmid: 106, archive, force: 1 });

      expect(requireGuest(sut, 106).config).toMatchObject({ name: 'ci-runner-01', memory: '8192' });
      expect(requireGuest(sut, 106).config).not.toHaveProperty('lock');
    });

    it('should fail the restore task of a running VM', async () => {
      const archive = await backupOf(101);

      const task = await runTask(sut, 'POST', '/nodes/pve1/qemu', { vmid: 101, archive, force: 1 });

      expect(task.exitstatus).toBe('unable to restore VM 101 - vm is running');
      expect(requireGuest(sut, 101).config).not.toHaveProperty('lock');
    });

    it('should fail the restore task of a protected VM', async () => {
      const archive = await backupOf(106);
      requireGuest(sut, 106).config['protection'] = '1';

      const task = await runTask(sut, 'POST', '/nodes/pve1/qemu', { vmid: 106, archive, force: 1 });

      expect(task.exitstatus).toBe('unable to restore VM 106 - - protection mode enabled');
    });

    it('should refuse disk options together with archive', async () => {
      const archive = await backupOf(106);

      const response = await send(sut, 'POST', '/nodes/pve1/qemu', {
        vmid: 150,
        archive,
        scsi0: 'local-lvm:1',
      });

      expect(response.body?.errors).toEqual({ scsi0: "option conflicts with option 'archive'" });
    });

    it('should answer "can\'t find file" for an archive the node does not have', async () => {
      const response = await send(sut, 'POST', '/nodes/pve2/qemu', {
        vmid: 150,
        archive: 'local:backup/vzdump-qemu-1-2020_01_01-00_00_00.vma.zst',
      });

      expect(response.statusText).toBe(
        "can't find file 'local:backup/vzdump-qemu-1-2020_01_01-00_00_00.vma.zst'",
      );
    });

    it('should restore a seeded backup on its node', async () => {
      const archive = backups('pve3', 102)[0]?.volid ?? '';

      await runTaskOk(sut, 'POST', '/nodes/pve3/qemu', { vmid: 150, archive, storage: 'local-lvm' });

      expect(requireGuest(sut, 150)).toMatchObject({
        node: 'pve3',
        config: expect.objectContaining({ name: 'db-01' }),
      });
    });

    it('should restore a container backup over the container with restore=1 and force=1', async () => {
      const archive = await backupOf(211, 'pve2');
      await dataOf(sut, 'PUT', '/nodes/pve2/lxc/211/config', { hostname: 'changed' });

      const task = await runTaskOk(sut, 'POST', '/nodes/pve2/lxc', {
        vmid: 211,
        ostemplate: archive,
        restore: 1,
        force: 1,
        storage: 'local-lvm',
      });

      expect(task.type).toBe('vzrestore');
      expect(requireGuest(sut, 211).config).toMatchObject({
        hostname: 'mqtt-broker',
        rootfs: 'local-lvm:vm-211-disk-0,size=2G',
      });
    });

    it('should refuse to restore over a running container', async () => {
      const archive = await backupOf(200);

      const response = await send(sut, 'POST', '/nodes/pve1/lxc', {
        vmid: 200,
        ostemplate: archive,
        restore: 1,
        force: 1,
      });

      expect(response.statusText).toBe("can't overwrite running container");
    });
  });
});
