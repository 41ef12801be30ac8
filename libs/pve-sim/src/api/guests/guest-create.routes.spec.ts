import { dataOf, runTask, runTaskOk, send } from '../../__tests__/sim-calls';
import { taskStopped } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { HOMELAB_NFS_SHARE } from '../../scenarios/homelab-services';

const DEBIAN_TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

describe('guest create routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  describe('POST /nodes/{node}/qemu', () => {
    it('should allocate new disks and give NICs a generated MAC', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', {
        vmid: 150,
        name: 'web-04',
        memory: 2048,
        scsi0: 'local-lvm:32,iothread=1',
        scsi1: 'local-lvm:8',
        net0: 'virtio,bridge=vmbr0,firewall=1',
      });

      expect(sut.state.guest(150)?.config).toMatchObject({
        name: 'web-04',
        scsi0: 'local-lvm:vm-150-disk-0,iothread=1,size=32G',
        scsi1: 'local-lvm:vm-150-disk-1,size=8G',
        net0: expect.stringMatching(
          /^virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr0,firewall=1$/,
        ),
        boot: 'order=scsi0;net0',
        smbios1: expect.stringMatching(/^uuid=[0-9a-f-]{36}$/),
        vmgenid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        meta: expect.stringMatching(/^creation-qemu=[\d.]+,ctime=\d+$/),
      });
    });

    it('should log the disks it created, as qemu-server does', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, scsi0: 'local-lvm:4' });

      expect(task.type).toBe('qmcreate');
      expect(task.log).toEqual([
        '  Logical volume "vm-150-disk-0" created.',
        "scsi0: successfully created disk 'local-lvm:vm-150-disk-0,size=4G'",
        'TASK OK',
      ]);
    });

    it('should show the VM locked `create` while the task runs', async () => {
      const slow = new PveSimulator({ taskDurationsMs: { qmcreate: 10_000 } });
      await slow.start();
      try {
        await dataOf(slow, 'POST', '/nodes/pve1/qemu', { vmid: 150, name: 'pending' });

        expect(slow.state.guest(150)?.config).toEqual({ lock: 'create' });
        const list = (await dataOf(slow, 'GET', '/nodes/pve1/qemu')) as Array<Record<string, unknown>>;
        expect(list.find((vm) => vm['vmid'] === 150)).toMatchObject({ lock: 'create', status: 'stopped' });
      } finally {
        await slow.stop();
      }
    });

    it('should refuse a vmid in use with "unable to create VM … already exists on node"', async () => {
      const response = await send(sut, 'POST', '/nodes/pve2/qemu', { vmid: 100 });

      expect(response.status).toBe(500);
      expect(response.body?.message).toBe("unable to create VM 100 - VM 100 already exists on node 'pve1'\n");
    });

    it("should name the container that holds the vmid as PVE's vmlist does", async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu', { vmid: 200 });

      expect(response.statusText).toBe("unable to create VM 200 - CT 200 already exists on node 'pve1'");
    });

    it("should answer 400 with PVE's errors map for invalid options", async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu', {
        vmid: 150,
        cores: 0,
        ostype: 'dos',
        net0: 'bridge=vmbr0',
        name: 'bad_name',
        scsi99: 'local-lvm:1',
      });

      expect(response.status).toBe(400);
      expect(response.body?.errors).toEqual({
        cores: 'value must have a minimum value of 1',
        ostype:
          "value 'dos' does not have a value in the enumeration 'other, wxp, w2k, w2k3, w2k8, wvista, win7, win8, win10, win11, l24, l26, solaris'",
        net0: 'invalid format - format error\nnet0.model: property is missing and it is not optional\n',
        name: 'invalid format - value does not look like a valid DNS name\n',
        scsi99: 'property is not defined in schema and the schema does not allow additional properties',
      });
    });

    it('should name disks on a file storage as files under the VMID, cloud-init as qcow2', async () => {
      const nfs = new PveSimulator({ taskDurationMs: 20, storages: HOMELAB_NFS_SHARE });
      await nfs.start();
      try {
        await runTaskOk(nfs, 'POST', '/nodes/pve1/qemu', {
          vmid: 150,
          scsi0: 'nas:8',
          scsi1: 'nas:2',
          ide2: 'nas:cloudinit',
        });

        expect(nfs.state.guest(150)?.config).toMatchObject({
          scsi0: 'nas:150/vm-150-disk-0.raw,size=8G',
          scsi1: 'nas:150/vm-150-disk-1.raw,size=2G',
          ide2: expect.stringMatching(/^nas:150\/vm-150-cloudinit\.qcow2,media=cdrom/),
        });
      } finally {
        await nfs.stop();
      }
    });

    it('should refuse disks on a storage without images content', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, scsi0: 'local:8' });

      expect(response.body?.errors).toEqual({ storage: "storage 'local' does not support vm images" });
    });

    it('should refuse an unknown storage', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, scsi0: 'nas:8' });

      expect(response.statusText).toBe("storage 'nas' does not exist");
    });

    it('should take `force` only with `archive`', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, force: 1 });

      expect(response.body?.errors).toEqual({ archive: "missing property required by 'force'" });
    });

    it('should refuse a pool that does not exist with 403', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, pool: 'nope' });

      expect(response).toMatchObject({
        status: 403,
        statusText: "Permission check failed (pool 'nope' does not exist)",
      });
    });

    it('should add the VM to the pool', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, pool: 'prod' });

      expect(sut.state.poolOf(150)?.poolid).toBe('prod');
    });

    it('should start the VM with start=1 and say so in the log', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', {
        vmid: 150,
        scsi0: 'local-lvm:2',
        start: 1,
      });

      expect(task.log).toContain('Execute autostart');
      expect(sut.state.guest(150)?.status).toBe('running');
    });

    it('should store cloud-init settings, the password only encrypted', async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/qemu', {
        vmid: 150,
        ide2: 'local-lvm:cloudinit',
        ciuser: 'ops',
        cipassword: 'hunter2',
        sshkeys: encodeURIComponent('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHXkR1 ops@laptop'),
        ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
      });

      expect(sut.state.guest(150)?.config).toMatchObject({
        ide2: 'local-lvm:vm-150-cloudinit,media=cdrom',
        ciuser: 'ops',
        cipassword: expect.stringMatching(/^\$5\$/),
        ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
      });
    });

    it('should refuse SSH keys that are not keys', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/qemu', { vmid: 150, sshkeys: 'not%20a%20key' });

      expect(response.statusText).toBe('SSH public key validation error');
    });
  });

  describe('POST /nodes/{node}/lxc', () => {
    it('should create a container from a template with PVE defaults', async () => {
      const task = await runTaskOk(sut, 'POST', '/nodes/pve1/lxc', {
        vmid: 250,
        ostemplate: DEBIAN_TEMPLATE,
        hostname: 'dns-02',
        rootfs: 'local-lvm:8',
        mp0: 'local-lvm:16,mp=/data',
        net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
      });

      expect(task.type).toBe('vzcreate');
      expect(sut.state.guest(250)?.config).toEqual({
        hostname: 'dns-02',
        rootfs: 'local-lvm:vm-250-disk-0,size=8G',
        mp0: 'local-lvm:vm-250-disk-1,mp=/data,size=16G',
        net0: expect.stringMatching(
          /^name=eth0,bridge=vmbr0,hwaddr=BC:24:11:[0-9A-F:]{8},ip=dhcp,type=veth$/,
        ),
        unprivileged: '1',
        memory: '512',
        swap: '512',
        arch: 'amd64',
        ostype: 'debian',
      });
      expect(task.log).toEqual(
        expect.arrayContaining([
          "extracting archive '/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst'",
          'Detected container architecture: amd64',
        ]),
      );
    });

    it("should put a rootfs without storage on the `storage` parameter's storage", async () => {
      await runTaskOk(sut, 'POST', '/nodes/pve1/lxc', {
        vmid: 250,
        ostemplate: DEBIAN_TEMPLATE,
        rootfs: '4',
        storage: 'local-lvm',
      });

      expect(sut.state.guest(250)?.config['rootfs']).toBe('local-lvm:vm-250-disk-0,size=4G');
    });

    it("should refuse the default storage 'local' for the root disk, as a fresh PVE install does", async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc', { vmid: 250, ostemplate: DEBIAN_TEMPLATE });

      expect(response.body?.errors).toEqual({
        storage: "storage 'local' does not support container directories",
      });
    });

    it('should refuse an ostemplate that is not a template', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc', {
        vmid: 250,
        ostemplate: 'local:iso/debian-12.9.0-amd64-netinst.iso',
        rootfs: 'local-lvm:4',
      });

      expect(response.statusText).toBe(
        "unable to use volume local:iso/debian-12.9.0-amd64-netinst.iso - content type needs to be 'vztmpl'",
      );
    });

    it('should fail the task when the template is not on the node, and remove the container', async () => {
      const task = await runTask(sut, 'POST', '/nodes/pve2/lxc', {
        vmid: 250,
        ostemplate: DEBIAN_TEMPLATE,
        rootfs: 'local-lvm:4',
      });

      expect(task.exitstatus).toBe(`unable to create CT 250 - volume '${DEBIAN_TEMPLATE}' does not exist`);
      expect(sut.state.guest(250)).toBeUndefined();
    });

    it('should refuse a vmid in use without the "unable to create" prefix, as pve-container does', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc', {
        vmid: 100,
        ostemplate: DEBIAN_TEMPLATE,
        rootfs: 'local-lvm:4',
      });

      expect(response.statusText).toBe("VM 100 already exists on node 'pve1'");
    });

    it('should require rootfs when mount points are given', async () => {
      const response = await send(sut, 'POST', '/nodes/pve1/lxc', {
        vmid: 250,
        ostemplate: DEBIAN_TEMPLATE,
        mp0: 'local-lvm:1,mp=/srv',
      });

      expect(response.statusText).toBe("mount points configured, but 'rootfs' not set - aborting");
    });

    it('should start the container with start=1', async () => {
      const upid = await dataOf(sut, 'POST', '/nodes/pve1/lxc', {
        vmid: 250,
        ostemplate: DEBIAN_TEMPLATE,
        rootfs: 'local-lvm:4',
        start: 1,
      });
      await taskStopped(sut, upid as string);

      expect(sut.state.guest(250)?.status).toBe('running');
    });
  });
});
