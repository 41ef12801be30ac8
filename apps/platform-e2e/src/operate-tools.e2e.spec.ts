import type { Client } from '@modelcontextprotocol/client';
import { InProcessPlatform, operationOf, textOf, type ToolResult } from './in-process-platform';

const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZpeHR1cmVrZXlmb3J0ZXN0c29ubHkwMDAwMDAwMDA0 tester@example';

/** Every operate tool through MCP against the simulator, VMs and containers alike. */
describe('operate tools', () => {
  let platform: InProcessPlatform;
  let client: Client;

  beforeAll(async () => {
    // Approvals have their own spec; here every operation goes straight through.
    platform = await InProcessPlatform.start({ edgeEnv: { MCP_APPROVAL_POLICY: '{"*": []}' } });
    client = await platform.client();
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const completed = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    const operation = operationOf(result);
    if (operation.status !== 'completed') throw new Error(`${name} did not complete: ${textOf(result)}`);
    return operation.result as Record<string, unknown>;
  };
  const template = () =>
    platform.simulator.state.guests().find((guest) => guest.type === 'qemu' && guest.config.template === '1');

  it.each([
    [
      'qemu',
      { cores: 2, memoryMb: 2048, disk: { storage: 'local-lvm', sizeGb: 8 }, network: { bridge: 'vmbr0' } },
    ],
    [
      'lxc',
      {
        cores: 1,
        memoryMb: 512,
        disk: { storage: 'local-lvm', sizeGb: 4 },
        network: { bridge: 'vmbr0' },
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      },
    ],
  ])('should create, start, snapshot, back up and delete a %s', async (type, spec) => {
    const name = `parity-${type}`;
    const created = await completed('create_guest', { type, node: 'pve1', name, start: true, ...spec });
    const vmid = created.vmid as number;
    expect(created).toMatchObject({ operation: 'create', type, node: 'pve1', status: 'running' });
    expect(platform.simulator.state.guest(vmid)?.status).toBe('running');

    const snapshot = await completed('snapshot_guest', { guest: vmid, name: 'first' });
    expect(snapshot).toMatchObject({ action: 'create', snapshot: 'first' });
    const listed = (await call('list_snapshots', { guest: vmid })).structuredContent as {
      snapshots: Array<{ name: string }>;
    };
    expect(listed.snapshots.map((entry) => entry.name)).toContain('first');

    const backup = await completed('backup_guest', { guest: vmid, storage: 'local', mode: 'snapshot' });
    expect(backup.volume).toMatch(new RegExp(`^local:backup/vzdump-${type}-${vmid}-`));

    await completed('power_guest', { guest: vmid, action: 'stop' });
    await completed('delete_guest', { guest: vmid, purge: true });
    expect(platform.simulator.state.guest(vmid)).toBeUndefined();
  });

  it('should clone a template with cloud-init, start it and report its address', async () => {
    const source = template();
    expect(source).toBeDefined();
    const progress: string[] = [];
    const result = (await client.callTool(
      {
        name: 'create_guest',
        arguments: {
          type: 'qemu',
          node: source?.node,
          name: 'ci-web-01',
          template: source?.vmid,
          cloudInit: {
            user: 'debian',
            sshKeys: [SSH_KEY],
            ip: { address: '10.20.0.50/24', gateway: '10.20.0.1' },
          },
          start: true,
          waitForIp: true,
        },
      },
      { onprogress: (update) => progress.push(String(update.message)) },
    )) as ToolResult;
    const operation = operationOf(result);
    expect(operation).toMatchObject({
      status: 'completed',
      result: { operation: 'clone', node: source?.node, status: 'running' },
    });
    expect(operation.result?.ipAddresses).toEqual(['10.20.0.50']);
    const config = platform.simulator.state.guest(operation.result?.vmid as number)?.config;
    expect(config).toMatchObject({ ciuser: 'debian', ipconfig0: 'ip=10.20.0.50/24,gw=10.20.0.1' });
    expect(decodeURIComponent(config?.sshkeys ?? '')).toBe(SSH_KEY);
    expect(progress.some((message) => message.includes('clone'))).toBe(true);
    expect(progress.some((message) => message.includes('wait-for-ip'))).toBe(true);
  });

  it.each(['qemu', 'lxc'] as const)(
    'should copy a %s under a new name with changed settings',
    async (type) => {
      const source = platform.simulator.state
        .guests()
        .find((guest) => guest.type === type && guest.status === 'stopped' && guest.config.template !== '1');
      if (!source) throw new Error(`the homelab scenario has no stopped ${type}`);
      const sourceCores = source.config.cores;
      const name = `copy-of-${source.vmid}`;
      const cloned = await completed('clone_guest', {
        guest: source.vmid,
        name,
        full: true,
        config: { cores: 3 },
        tags: ['copied'],
      });
      expect(cloned).toMatchObject({ operation: 'clone', type, node: source.node });
      const copy = platform.simulator.state.guest(cloned.vmid as number);
      expect(copy?.config).toMatchObject({ cores: '3', tags: 'copied' });
      expect(copy?.config[type === 'qemu' ? 'name' : 'hostname']).toBe(name);
      expect(platform.simulator.state.guest(source.vmid)?.config.cores).toBe(sourceCores);
    },
  );

  it('should roll back to a snapshot, restoring the config', async () => {
    const vm = (
      await completed('create_guest', { type: 'qemu', node: 'pve1', name: 'rollback-me', memoryMb: 1024 })
    ).vmid as number;
    await completed('snapshot_guest', { guest: vm, name: 'before' });
    await completed('configure_guest', { guest: vm, set: { memory: 4096 } });
    expect(platform.simulator.state.guest(vm)?.config.memory).toBe('4096');
    await completed('rollback_guest', { guest: vm, snapshot: 'before' });
    expect(platform.simulator.state.guest(vm)?.config.memory).toBe('1024');
  });

  it('should migrate a guest to another node', async () => {
    const vm = (await completed('create_guest', { type: 'qemu', node: 'pve1', name: 'mover' }))
      .vmid as number;
    const migrated = await completed('migrate_guest', { guest: vm, to: 'pve3' });
    expect(migrated).toMatchObject({ operation: 'migrate', node: 'pve3', from: 'pve1' });
    expect(platform.simulator.state.guest(vm)?.node).toBe('pve3');
  });

  it('should resize a disk and refuse to shrink it', async () => {
    const vm = (
      await completed('create_guest', {
        type: 'qemu',
        node: 'pve1',
        name: 'growing',
        disk: { storage: 'local-lvm', sizeGb: 8 },
      })
    ).vmid as number;
    await completed('resize_disk', { guest: vm, disk: 'scsi0', size: '+2G' });
    expect(platform.simulator.state.guest(vm)?.config.scsi0).toContain('size=10G');
    const shrink = await call('resize_disk', { guest: vm, disk: 'scsi0', size: '4G' });
    expect(operationOf(shrink).status).toBe('failed');
    expect(textOf(shrink)).toMatch(/shrinking disks is not supported|shrink/i);
  });

  it('should restore a backup over its guest with force', async () => {
    const vm = (
      await completed('create_guest', { type: 'qemu', node: 'pve1', name: 'restorable', memoryMb: 1024 })
    ).vmid as number;
    const volume = (await completed('backup_guest', { guest: vm, storage: 'local' })).volume as string;
    await completed('configure_guest', { guest: vm, set: { memory: 3072 } });
    const refused = await call('restore_guest', { type: 'qemu', node: 'pve1', vmid: vm, archive: volume });
    expect(operationOf(refused).status).toBe('failed');
    await completed('restore_guest', { type: 'qemu', node: 'pve1', vmid: vm, archive: volume, force: true });
    expect(platform.simulator.state.guest(vm)?.config.memory).toBe('1024');
  });

  it("should report Proxmox's refusal to delete a protected guest", async () => {
    const vm = (
      await completed('create_guest', {
        type: 'lxc',
        node: 'pve1',
        name: 'protected',
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        disk: { storage: 'local-lvm', sizeGb: 4 },
      })
    ).vmid as number;
    await completed('configure_guest', { guest: vm, set: { protection: true } });
    const refused = await call('delete_guest', { guest: vm });
    expect(operationOf(refused)).toMatchObject({ status: 'failed' });
    expect(textOf(refused)).toMatch(/protection/i);
    expect(platform.simulator.state.guest(vm)).toBeDefined();
  });
});
