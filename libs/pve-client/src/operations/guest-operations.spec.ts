import { DEFAULT_SIM_TOKEN, PveSimulator } from '../__tests__/simulator';
import { type TestServer, inSequence, pveAnswer, startTestServer } from '../__tests__/test-servers';
import { PveClient } from '../client/pve-client';
import type { PveGuestType } from '../types/pve-guest';
import type { PveGuestConfigOptions } from '../types/pve-guest-config';
import type { PveTaskStatus } from '../types/pve-task';
import { parseUpid } from '../upid/parse-upid';
import { encodeSshKeys, formatIpConfig, formatQemuNet } from './property-strings';

const TOKEN = { tokenId: DEFAULT_SIM_TOKEN.tokenId, tokenSecret: DEFAULT_SIM_TOKEN.secret };
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHXkR1cMq4Iaf8xVw1+7TqSWy ops@laptop';
const DEBIAN_TEMPLATE = 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst';

describe('PveClient guest operations', () => {
  let simulator: PveSimulator;
  let sut: PveClient;

  beforeEach(async () => {
    simulator = new PveSimulator({ taskDurationMs: 20, guestAgentDelayMs: 50 });
    sut = new PveClient({ baseUrl: await simulator.start(), ...TOKEN });
  });

  afterEach(async () => {
    await sut.close();
    await simulator.stop();
  });

  /** Waits for the task and expects it to end OK (the log is in the message otherwise). */
  async function done(node: string, upid: string | null): Promise<PveTaskStatus> {
    if (upid === null) throw new Error('expected a task');
    const status = await sut.waitForTask(node, upid, { pollIntervalMs: 10 });
    if (status.exitstatus !== 'OK') {
      const log = await sut.taskLog(node, upid, { limit: 0 });
      throw new Error(
        `task ${status.type} ended with ${status.exitstatus}:\n${log.map((line) => line.t).join('\n')}`,
      );
    }
    return status;
  }

  async function exitOf(node: string, upid: string): Promise<string | undefined> {
    return (await sut.waitForTask(node, upid, { pollIntervalMs: 10 })).exitstatus;
  }

  describe('create, clone, cloud-init, start and the agent', () => {
    it('should clone a template, configure cloud-init, start it and read its address from the agent', async () => {
      await done('pve1', await sut.cloneGuest('pve1', 'qemu', 9000, { newid: 150, name: 'app-01' }));
      await done(
        'pve1',
        await sut.updateGuestConfig('pve1', 'qemu', 150, {
          ide2: 'local-lvm:cloudinit',
          ciuser: 'ops',
          sshkeys: encodeSshKeys(SSH_KEY),
          ipconfig0: formatIpConfig({ ip: '10.20.0.15/24', gw: '10.20.0.1' }),
          agent: true,
        }),
      );
      const start = await sut.powerGuest('pve1', 'qemu', 150, 'start');
      await done('pve1', start);

      await expect(sut.taskLog('pve1', start)).resolves.toEqual([
        { n: 1, t: 'generating cloud-init ISO' },
        { n: 2, t: 'TASK OK' },
      ]);
      const interfaces = await eventually(() => sut.agentNetworkInterfaces('pve1', 150));
      expect(interfaces.find((entry) => entry.name === 'ens18')?.['ip-addresses']?.[0]).toEqual({
        'ip-address-type': 'ipv4',
        'ip-address': '10.20.0.15',
        prefix: 24,
      });
      const config = await sut.guestConfig('pve1', 'qemu', 150);
      expect(config).toMatchObject({
        name: 'app-01',
        ciuser: 'ops',
        sshkeys: encodeURIComponent(SSH_KEY),
        ide2: 'local-lvm:vm-150-cloudinit,media=cdrom',
        scsi0: 'local-lvm:base-9000-disk-0/vm-150-disk-0,iothread=1,size=8G',
      });
    });

    it("should reject an agent call before the agent is up as CONFLICT with PVE's reason", async () => {
      await done('pve1', await sut.powerGuest('pve1', 'qemu', 106, 'start'));

      await expect(sut.agentNetworkInterfaces('pve1', 106)).rejects.toMatchObject({
        code: 'CONFLICT',
        retryable: false,
        message: expect.stringContaining('QEMU guest agent is not running'),
      });
    });

    it('should create a VM with a disk, a NIC and a generated MAC', async () => {
      const upid = await sut.createGuest('pve1', 'qemu', {
        vmid: 151,
        name: 'web-05',
        memory: 2048,
        scsi0: 'local-lvm:16',
        net0: formatQemuNet({ model: 'virtio', bridge: 'vmbr0', firewall: true }),
        tags: 'web;prod',
      });

      expect(parseUpid(upid)).toMatchObject({ type: 'qmcreate', id: '151' });
      await done('pve1', upid);
      await expect(sut.guestConfig('pve1', 'qemu', 151)).resolves.toMatchObject({
        scsi0: 'local-lvm:vm-151-disk-0,size=16G',
        net0: expect.stringMatching(/^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0,firewall=1$/),
        tags: 'prod;web',
      });
    });

    it('should reject a vmid in use as CONFLICT', async () => {
      await expect(sut.createGuest('pve1', 'qemu', { vmid: 100 })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining("VM 100 already exists on node 'pve1'"),
      });
    });

    it("should pass on PVE's 400 errors map for invalid options", async () => {
      await expect(sut.createGuest('pve1', 'qemu', { vmid: 151, cores: 0 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: { cores: 'value must have a minimum value of 1' },
      });
    });

    it('should create a container from a template', async () => {
      await done(
        'pve1',
        await sut.createGuest('pve1', 'lxc', {
          vmid: 250,
          ostemplate: DEBIAN_TEMPLATE,
          hostname: 'dns-02',
          rootfs: 'local-lvm:4',
          net0: 'name=eth0,bridge=vmbr0,ip=dhcp',
          'ssh-public-keys': SSH_KEY,
        }),
      );

      await expect(sut.guestConfig('pve1', 'lxc', 250)).resolves.toMatchObject({
        hostname: 'dns-02',
        rootfs: 'local-lvm:vm-250-disk-0,size=4G',
        memory: 512,
        unprivileged: 1,
      });
    });

    it('should refuse a container without ostemplate before sending anything', async () => {
      await expect(sut.createGuest('pve1', 'lxc', { vmid: 250 } as never)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: { ostemplate: 'property is missing and it is not optional' },
      });
    });
  });

  describe('config updates', () => {
    it('should answer a VM update with a qmconfig task and a synchronous one with null', async () => {
      const upid = await sut.updateGuestConfig('pve1', 'qemu', 106, { memory: 4096 });
      expect(parseUpid(upid ?? '').type).toBe('qmconfig');
      await done('pve1', upid);

      await expect(
        sut.updateGuestConfig('pve1', 'qemu', 106, { cores: 2 }, { sync: true }),
      ).resolves.toBeNull();
      await expect(sut.guestConfig('pve1', 'qemu', 106)).resolves.toMatchObject({ memory: '4096', cores: 2 });
    });

    it('should reject an update with a stale digest as CONFLICT', async () => {
      const { digest } = await sut.guestConfig('pve2', 'lxc', 211);
      await sut.updateGuestConfig('pve2', 'lxc', 211, { memory: 512 });

      await expect(sut.updateGuestConfig('pve2', 'lxc', 211, { swap: 0 }, { digest })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining(
          'detected modified configuration - file changed by other user? Try again.',
        ),
      });
    });

    it('should apply an update with the current digest', async () => {
      const { digest } = await sut.guestConfig('pve1', 'qemu', 106);

      await done('pve1', await sut.updateGuestConfig('pve1', 'qemu', 106, { cores: 8 }, { digest }));
    });

    it('should delete options', async () => {
      await sut.updateGuestConfig('pve1', 'qemu', 106, {}, { delete: ['tags', 'onboot'], sync: true });

      const config = await sut.guestConfig('pve1', 'qemu', 106);
      expect(config).not.toHaveProperty('tags');
      expect(config).not.toHaveProperty('onboot');
    });

    it('should refuse an update without changes before sending anything', async () => {
      await expect(sut.updateGuestConfig('pve1', 'qemu', 106, {})).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });
  });

  describe('locks', () => {
    it('should show the lock while a task holds the guest and refuse other changes as CONFLICT', async () => {
      const slow = new PveSimulator({ taskDurationMs: 20, taskDurationsMs: { vzdump: 5_000 } });
      const client = new PveClient({ baseUrl: await slow.start(), ...TOKEN });
      try {
        await client.backupGuests('pve1', { vmid: 106 });

        await expect(client.guestConfig('pve1', 'qemu', 106)).resolves.toMatchObject({ lock: 'backup' });
        await expect(client.updateGuestConfig('pve1', 'qemu', 106, { cores: 2 })).rejects.toMatchObject({
          code: 'CONFLICT',
          message: expect.stringContaining('VM is locked (backup)'),
        });
      } finally {
        await client.close();
        await slow.stop();
      }
    });
  });

  describe('resize, template, migrate, delete', () => {
    it('should grow a disk', async () => {
      await done('pve1', await sut.resizeDisk('pve1', 'qemu', 106, 'scsi0', { growBy: 16 * 1024 ** 3 }));

      await expect(sut.guestConfig('pve1', 'qemu', 106)).resolves.toMatchObject({
        scsi0: 'local-lvm:vm-106-disk-0,iothread=1,size=80G',
      });
    });

    it("should fail the resize task of a shrink with PVE's message", async () => {
      const upid = await sut.resizeDisk('pve1', 'qemu', 106, 'scsi0', '8G');

      await expect(exitOf('pve1', upid)).resolves.toBe('shrinking disks is not supported');
    });

    it('should turn a VM into a template (task) and a container (null)', async () => {
      await done('pve1', await sut.convertToTemplate('pve1', 'qemu', 106));
      await expect(sut.convertToTemplate('pve2', 'lxc', 211)).resolves.toBeNull();

      await expect(sut.guestConfig('pve1', 'qemu', 106)).resolves.toMatchObject({ template: 1 });
    });

    it('should move a migrated guest to the target node', async () => {
      await done('pve1', await sut.migrateGuest('pve1', 'qemu', 106, { target: 'pve2' }));

      const pve2 = await sut.listGuests('pve2', 'qemu');
      expect(pve2.map((vm) => vm.vmid)).toContain(106);
      await expect(sut.guestConfig('pve1', 'qemu', 106)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should refuse to migrate a running VM without online as CONFLICT', async () => {
      await expect(sut.migrateGuest('pve1', 'qemu', 100, { target: 'pve2' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('should refuse a container-only option for a VM before sending anything', async () => {
      await expect(
        sut.migrateGuest('pve1', 'qemu', 106, { target: 'pve2', restart: true }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: { restart: 'not a qemu migration option' },
      });
    });

    it('should not delete a protected guest', async () => {
      await sut.updateGuestConfig('pve1', 'qemu', 106, { protection: true }, { sync: true });

      await expect(sut.deleteGuest('pve1', 'qemu', 106)).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining("can't remove VM 106 - protection mode enabled"),
      });
      await sut.updateGuestConfig('pve1', 'qemu', 106, {}, { delete: ['protection'], sync: true });
      await done('pve1', await sut.deleteGuest('pve1', 'qemu', 106, { purge: true }));
      await expect(sut.guestStatus('pve1', 'qemu', 106)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe.each(['qemu', 'lxc'] as const)('snapshots of %s guests', (type: PveGuestType) => {
    const [node, vmid] = type === 'qemu' ? ['pve1', 106] : ['pve2', 211];
    const sizeKey = type === 'qemu' ? 'memory' : 'swap';

    it('should roll back to the config the snapshot recorded', async () => {
      const before = (await sut.guestConfig(node, type, vmid))[sizeKey];
      await done(
        node,
        await sut.createSnapshot(node, type, vmid, { snapname: 'before_change', description: 'known good' }),
      );
      await sut.updateGuestConfig(
        node,
        type,
        vmid,
        { [sizeKey]: 1024, description: 'changed' } as PveGuestConfigOptions,
        { sync: true },
      );

      await done(node, await sut.rollbackSnapshot(node, type, vmid, 'before_change'));

      const config = await sut.guestConfig(node, type, vmid);
      expect(config[sizeKey]).toEqual(before);
      expect(config.parent).toBe('before_change');
      const snapshots = await sut.listSnapshots(node, type, vmid);
      expect(snapshots.map((snapshot) => snapshot.name)).toEqual(['before_change', 'current']);
      expect(snapshots[0]).toMatchObject({ description: 'known good', snaptime: expect.any(Number) });
    });

    it('should delete a snapshot', async () => {
      await done(node, await sut.createSnapshot(node, type, vmid, { snapname: 'temp' }));

      await done(node, await sut.deleteSnapshot(node, type, vmid, 'temp'));

      await expect(sut.listSnapshots(node, type, vmid)).resolves.toEqual([
        expect.objectContaining({ name: 'current' }),
      ]);
    });

    it('should refuse a snapshot name PVE would refuse, before sending anything', async () => {
      await expect(sut.createSnapshot(node, type, vmid, { snapname: 'bad name' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: { snapname: expect.any(String) },
      });
      await expect(sut.rollbackSnapshot(node, type, vmid, '../x')).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        errors: { snapname: 'value does not look like a snapshot name' },
      });
    });
  });

  describe.each(['qemu', 'lxc'] as const)('backup and restore of %s guests', (type: PveGuestType) => {
    const [node, vmid, name] = type === 'qemu' ? ['pve1', 106, 'name'] : ['pve2', 211, 'hostname'];

    it('should back up, then restore over the changed guest with force', async () => {
      await done(node, await sut.backupGuests(node, { vmid, storage: 'local', compress: 'zstd' }));
      const [backup] = (await sut.storageContent(node, 'local', { content: 'backup', vmid })).map(
        (volume) => volume.volid,
      );
      expect(backup).toMatch(new RegExp(`^local:backup/vzdump-${type}-${vmid}-[\\d_-]+\\.(vma|tar)\\.zst$`));
      await sut.updateGuestConfig(node, type, vmid, { [name]: 'changed-name' }, { sync: true });

      await expect(
        sut.restoreGuest(node, type, { vmid, archive: backup ?? '', storage: 'local-lvm' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await done(
        node,
        await sut.restoreGuest(node, type, {
          vmid,
          archive: backup ?? '',
          force: true,
          storage: 'local-lvm',
        }),
      );

      await expect(sut.guestConfig(node, type, vmid)).resolves.not.toMatchObject({ [name]: 'changed-name' });
    });
  });

  it('should answer a backup of guests on other nodes with null', async () => {
    await expect(sut.backupGuests('pve2', { vmid: [100, 101] })).resolves.toBeNull();
  });

  describe('tasks', () => {
    it("should list the node's tasks and read a task log", async () => {
      const upid = await sut.updateGuestConfig('pve1', 'qemu', 106, { cores: 3 });
      await done('pve1', upid);

      const tasks = await sut.listTasks('pve1', { vmid: 106, typefilter: 'qmconfig' });
      expect(tasks).toEqual([
        expect.objectContaining({ upid, status: 'OK', user: 'root@pam', tokenid: 'mpc' }),
      ]);
      await expect(sut.taskLog('pve1', upid ?? '', { start: 0, limit: 1 })).resolves.toEqual([
        { n: 1, t: 'update VM 106: -cores 3' },
      ]);
    });

    it('should list failed tasks with errors', async () => {
      const upid = await sut.powerGuest('pve1', 'qemu', 100, 'start');
      await exitOf('pve1', upid);

      await expect(sut.listTasks('pve1', { errors: true })).resolves.toEqual([
        expect.objectContaining({ upid, status: 'VM 100 already running' }),
      ]);
    });

    it('should reboot, pause and resume a VM with powerGuest', async () => {
      await done('pve1', await sut.powerGuest('pve1', 'qemu', 100, 'reboot'));
      await done('pve1', await sut.powerGuest('pve1', 'qemu', 100, 'suspend'));
      await expect(sut.guestStatus('pve1', 'qemu', 100)).resolves.toMatchObject({ qmpstatus: 'paused' });
      await done('pve1', await sut.powerGuest('pve1', 'qemu', 100, 'resume'));
      await expect(sut.guestStatus('pve1', 'qemu', 100)).resolves.toMatchObject({ qmpstatus: 'running' });
    });
  });
});

describe('PveClient guest operations on the wire', () => {
  let server: TestServer | undefined;
  let client: PveClient | undefined;
  const UPID = 'UPID:pve1:0002A3F1:151D48BC:6720B3C4:qmconfig:100:root@pam!mpc:';

  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  async function serve(reply: Parameters<typeof startTestServer>[0]) {
    server = await startTestServer(reply);
    client = new PveClient({ baseUrl: server.url, ...TOKEN, retries: 3 });
    return { server, client };
  }

  it.each([
    ['PUT', (c: PveClient) => c.updateGuestConfig('pve1', 'qemu', 100, { cores: 2 }, { sync: true })],
    ['POST', (c: PveClient) => c.updateGuestConfig('pve1', 'qemu', 100, { cores: 2 })],
    ['DELETE', (c: PveClient) => c.deleteGuest('pve1', 'qemu', 100)],
    ['PUT', (c: PveClient) => c.resizeDisk('pve1', 'qemu', 100, 'scsi0', '+1G')],
  ] as const)('should never retry a %s, not even after a 503', async (_method, operation) => {
    const { server, client } = await serve(
      inSequence(pveAnswer(503, 'Service Unavailable', { data: null }), pveAnswer(200, 'OK', { data: UPID })),
    );

    await expect(operation(client)).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(server.requests).toHaveLength(1);
  });

  it('should retry a read such as guestConfig after a 503', async () => {
    const { server, client } = await serve(
      inSequence(
        pveAnswer(503, 'Service Unavailable', { data: null }),
        pveAnswer(200, 'OK', { data: { digest: 'x' } }),
      ),
    );

    await expect(client.guestConfig('pve1', 'qemu', 100)).resolves.toEqual({ digest: 'x' });
    expect(server.requests).toHaveLength(2);
  });

  it('should send DELETE parameters in the query and URL-encode the snapshot name', async () => {
    const { server, client } = await serve(pveAnswer(200, 'OK', { data: UPID }));

    await client.deleteSnapshot('pve1', 'qemu', 100, 'pre-upgrade_1', { force: true });

    expect(server.requests[0]).toMatchObject({
      method: 'DELETE',
      url: '/api2/json/nodes/pve1/qemu/100/snapshot/pre-upgrade_1?force=1',
    });
  });
});

/** Retries a call that fails while the simulated guest agent is still coming up. */
async function eventually<T>(read: () => Promise<T>, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
