import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest, taskStopped } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

type Config = Record<string, string | number>;

describe('guest config routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  const config = async (path: string, params: Record<string, string | number> = {}) =>
    (await dataOf(sut, 'GET', `${path}/config`, params)) as Config;

  describe('GET …/config', () => {
    it('should return the config with typed values and a SHA-1 digest', async () => {
      const vm = await config('/nodes/pve1/qemu/100');

      expect(vm).toMatchObject({
        name: 'web-01',
        cores: 2,
        memory: '4096',
        onboot: 1,
        scsi0: 'local-lvm:vm-100-disk-0,iothread=1,size=32G',
        digest: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
    });

    it('should return a container config with its integers as numbers', async () => {
      await expect(config('/nodes/pve1/lxc/200')).resolves.toMatchObject({
        hostname: 'pihole',
        memory: 512,
        swap: 512,
        unprivileged: 1,
      });
    });

    it('should never show the cloud-init password', async () => {
      requireGuest(sut, 101).config['cipassword'] = '$5$salt$hash';

      await expect(config('/nodes/pve1/qemu/101')).resolves.toMatchObject({ cipassword: '**********' });
    });

    it("should refuse 'snapshot' together with 'current'", async () => {
      const response = await send(sut, 'GET', '/nodes/pve1/qemu/100/config', {
        snapshot: 'snap1',
        current: 1,
      });

      expect(response.body?.errors).toEqual({
        snapshot: "cannot use 'snapshot' parameter with 'current'",
        current: "cannot use 'snapshot' parameter with 'current'",
      });
    });

    it('should answer 500 for a snapshot that does not exist', async () => {
      const response = await send(sut, 'GET', '/nodes/pve1/qemu/100/config', { snapshot: 'nope' });

      expect(response.statusText).toBe("snapshot 'nope' does not exist");
    });
  });

  describe('PUT /nodes/{node}/qemu/{vmid}/config', () => {
    it('should apply changes at once and answer null', async () => {
      const answer = await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { memory: 2048, cores: 8 });

      expect(answer).toBeNull();
      expect(requireGuest(sut, 106).config).toMatchObject({ memory: '2048', cores: '8' });
    });

    it('should change the digest with the config', async () => {
      const before = (await config('/nodes/pve1/qemu/106'))['digest'];
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { description: 'CI runner' });

      expect((await config('/nodes/pve1/qemu/106'))['digest']).not.toBe(before);
    });

    it('should accept the current digest', async () => {
      const { digest } = await config('/nodes/pve1/qemu/106');

      await expect(
        dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { cores: 6, digest: String(digest) }),
      ).resolves.toBeNull();
    });

    it('should refuse a stale digest with qemu-server\'s "checksum mismatch"', async () => {
      const { digest } = await config('/nodes/pve1/qemu/106');
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { cores: 6 });

      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', {
        cores: 2,
        digest: String(digest),
      });

      expect(response).toMatchObject({
        status: 500,
        statusText: 'checksum mismatch (file change by other user?)',
      });
    });

    it('should delete the listed options', async () => {
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { delete: 'tags,onboot' });

      expect(requireGuest(sut, 106).config).not.toHaveProperty('tags');
      expect(requireGuest(sut, 106).config).not.toHaveProperty('onboot');
    });

    it('should keep a deleted disk as unused0 and drop it from the boot order', async () => {
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { delete: 'scsi0' });

      expect(requireGuest(sut, 106).config).toMatchObject({
        unused0: 'local-lvm:vm-106-disk-0',
        boot: 'order=net0',
      });
    });

    it('should refuse to delete and set one option at once', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', { cores: 2, delete: 'cores' });

      expect(response.body?.errors).toEqual({
        delete: "you can't use '-cores' and -delete cores' at the same time",
      });
    });

    it('should refuse to delete an unknown option', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', { delete: 'frobnicate' });

      expect(response.body?.errors).toEqual({ delete: "unknown option 'frobnicate'" });
    });

    it('should answer "no options specified" to an empty update', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config');

      expect(response.statusText).toBe('no options specified');
    });

    it('should refuse a locked VM', async () => {
      requireGuest(sut, 106).config['lock'] = 'backup';

      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', { cores: 2 });

      expect(response.statusText).toBe('VM is locked (backup)');
    });

    it('should refuse skiplock from an API token: only root@pam may use it', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', { cores: 2, skiplock: 1 });

      expect(response.body?.errors).toEqual({ skiplock: 'Only root may use this option.' });
    });

    it('should protect drives of a protected VM', async () => {
      requireGuest(sut, 106).config['protection'] = '1';

      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', { delete: 'scsi0' });

      expect(response.statusText).toBe("can't remove drive 'scsi0' - protection mode enabled");
    });

    it('should add a disk from `storage:size` and sort and lower-case tags', async () => {
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { scsi1: 'local-lvm:10', tags: 'Web;ci;web' });

      expect(requireGuest(sut, 106).config).toMatchObject({
        scsi1: 'local-lvm:vm-106-disk-1,size=10G',
        tags: 'ci;web',
      });
    });
  });

  describe('POST /nodes/{node}/qemu/{vmid}/config', () => {
    it('should answer with a qmconfig task that logs the update', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/config', {
        memory: 4096,
        cipassword: 'secret',
      });

      expect(task.type).toBe('qmconfig');
      expect(task.log).toEqual(['update VM 106: -cipassword <hidden> -memory 4096', 'TASK OK']);
      expect(requireGuest(sut, 106).config['memory']).toBe('4096');
    });

    it('should fail the task when the config changed since the digest was read', async () => {
      // The task must still be running when the change lands, however busy the machine (20 ms was not always enough).
      await sut.stop();
      sut = new PveSimulator({ taskDurationMs: 20, taskDurationsMs: { qmconfig: 1_000 } });
      await sut.start();
      const { digest } = await config('/nodes/pve1/qemu/106');
      const upid = await dataOf(sut, 'POST', '/nodes/pve1/qemu/106/config', {
        cores: 3,
        digest: String(digest),
      });
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', { cores: 5 });

      const task = await taskStopped(sut, upid as string);

      expect(task.exitstatus).toBe('checksum mismatch (file change by other user?)');
      expect(requireGuest(sut, 106).config['cores']).toBe('5');
    });

    it('should log a deletion of an unset option without failing', async () => {
      const task = await runTask(sut, 'POST', '/nodes/pve1/qemu/106/config', { delete: 'serial0' });

      expect(task.log).toContain("cannot delete 'serial0' - not set in current configuration!");
      expect(task.exitstatus).toBe('OK');
    });
  });

  describe('PUT /nodes/{node}/qemu/{vmid}/config with volumes', () => {
    const contentOf = async (node: string, storage: string) =>
      (
        (await dataOf(sut, 'GET', `/nodes/${node}/storage/${storage}/content`)) as Array<{ volid: string }>
      ).map((volume) => volume.volid);

    it.each([
      ['local-lvm:4G', "unable to parse lvm volume name '4G'\n"],
      ['nosuchstore:vm-116-disk-0', "storage 'nosuchstore' does not exist\n"],
      ['local-lvm:vm-116-disk-99', 'no such logical volume pve/vm-116-disk-99\n'],
    ])(
      'should refuse %s, which is neither a new allocation nor an existing volume',
      async (value, message) => {
        const before = { ...requireGuest(sut, 116).config };

        const response = await send(sut, 'PUT', '/nodes/pve2/qemu/116/config', { scsi1: value });

        expect({ status: response.status, message: response.body?.message }).toEqual({
          status: 500,
          message,
        });
        expect(requireGuest(sut, 116).config).toEqual(before);
        expect(await contentOf('pve2', 'local-lvm')).not.toContain(value);
      },
    );

    it('should fail the qmconfig task of a POST naming a volume that does not exist', async () => {
      const task = await runTask(sut, 'POST', '/nodes/pve2/qemu/116/config', {
        scsi1: 'local-lvm:vm-116-disk-99',
      });

      expect(task.exitstatus).toBe('no such logical volume pve/vm-116-disk-99');
      expect(requireGuest(sut, 116).config['scsi1']).toBeUndefined();
    });

    it('should refuse a backup archive as a drive, naming the drive', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', {
        scsi1: 'local:backup/vzdump-qemu-106-2026_01_01-02_00_00.vma.zst',
      });

      expect(response.body?.errors).toEqual({ scsi1: "content type needs to be 'images' or 'iso'" });
    });

    it('should refuse an ISO image without media=cdrom', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve1/qemu/106/config', {
        ide2: 'local:iso/debian-12.9.0-amd64-netinst.iso',
      });

      expect(response.body?.errors).toEqual({ ide2: "explicit 'media=cdrom' is required for iso images" });
    });

    it('should attach an existing volume with the size the storage reports', async () => {
      await dataOf(sut, 'PUT', '/nodes/pve1/qemu/106/config', {
        ide2: 'local:iso/debian-12.9.0-amd64-netinst.iso,media=cdrom',
      });

      expect(requireGuest(sut, 106).config['ide2']).toBe(
        'local:iso/debian-12.9.0-amd64-netinst.iso,media=cdrom,size=632M',
      );
    });
  });

  describe('PUT /nodes/{node}/lxc/{vmid}/config', () => {
    it('should apply changes and answer null', async () => {
      await expect(
        dataOf(sut, 'PUT', '/nodes/pve2/lxc/211/config', { memory: 1024, cores: 2 }),
      ).resolves.toBeNull();

      expect(requireGuest(sut, 211).config).toMatchObject({ memory: '1024', cores: '2' });
    });

    it("should refuse a stale digest in pve-container's words", async () => {
      const { digest } = await config('/nodes/pve2/lxc/211');
      await dataOf(sut, 'PUT', '/nodes/pve2/lxc/211/config', { swap: 0 });

      const response = await send(sut, 'PUT', '/nodes/pve2/lxc/211/config', {
        swap: 256,
        digest: String(digest),
      });

      expect(response.statusText).toBe(
        'detected modified configuration - file changed by other user? Try again.',
      );
    });

    it('should refuse to delete a required option', async () => {
      const response = await send(sut, 'PUT', '/nodes/pve2/lxc/211/config', { delete: 'rootfs' });

      expect(response.statusText).toBe("unable to delete required option 'rootfs'");
    });

    it("should say 'CT is locked' for a locked container", async () => {
      requireGuest(sut, 211).config['lock'] = 'backup';

      const response = await send(sut, 'PUT', '/nodes/pve2/lxc/211/config', { cores: 2 });

      expect(response.statusText).toBe('CT is locked (backup)');
    });

    it('should add a mount point and fill in a new NIC', async () => {
      await dataOf(sut, 'PUT', '/nodes/pve2/lxc/211/config', {
        mp0: 'local-lvm:4,mp=/var/lib/mosquitto',
        net1: 'name=eth1,bridge=vmbr0,ip=10.0.0.9/24',
      });

      expect(requireGuest(sut, 211).config).toMatchObject({
        mp0: 'local-lvm:vm-211-disk-1,mp=/var/lib/mosquitto,size=4G',
        net1: expect.stringMatching(
          /^name=eth1,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F:]{8},ip=10\.0\.0\.9\/24,type=veth$/,
        ),
      });
    });
  });
});
