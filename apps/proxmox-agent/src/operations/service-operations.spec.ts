import { Subjects } from '@proxmox-mpc/contracts';
import { HOMELAB_NFS_SHARE } from '@proxmox-mpc/pve-sim';
import { commandOf as command, OperationRunnerFixture } from '../__tests__/operation-runner-fixture';
import type { OperationDefinition } from './operation-plan';
import { OperationRunner } from './operation-runner';
import { downloadOperation } from './plans/download.plan';
import { execOperation } from './plans/exec.plan';
import { firewallRuleOperation } from './plans/firewall-rule.plan';
import { haOperation } from './plans/ha.plan';
import { moveDiskOperation } from './plans/move-disk.plan';
import { powerOperation } from './plans/power.plan';
import { taskStopOperation } from './plans/task-stop.plan';
import { volumeDeleteOperation } from './plans/volume-delete.plan';

const NETINST = 'https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-13.1.0-amd64-netinst.iso';
const MIB = 1024 ** 2;

/** The operations beyond the lifecycle, each through the runner against the simulated homelab. */
describe(`${OperationRunner.name} with the service operations`, () => {
  let fixture: OperationRunnerFixture;

  beforeEach(async () => {
    fixture = await OperationRunnerFixture.start({
      storages: HOMELAB_NFS_SHARE,
      taskDurationsMs: { vzdump: 3_000 },
    });
  });

  afterEach(async () => {
    await fixture.stop();
  });

  const run = <C extends object>(data: C, definition: OperationDefinition<C>) =>
    fixture.sut.run(command(data), definition);

  describe('exec', () => {
    const exec = (
      commandLine: string[],
      extra: Partial<{ timeoutSeconds: number; maxOutputBytes: number }> = {},
    ) =>
      run(
        { vmid: 100, command: commandLine, timeoutSeconds: 5, maxOutputBytes: 1024, ...extra },
        execOperation,
      );

    it('should run a command through the guest agent and report its exit code and output', async () => {
      const outcome = await exec(['cat', '/etc/hostname']);

      expect(outcome).toEqual({
        subject: Subjects.proxmoxOperationCompleted,
        data: expect.objectContaining({
          operation: 'exec',
          vmid: 100,
          command: ['cat', '/etc/hostname'],
          exited: true,
          exitCode: 0,
          stdout: 'web-01\n',
          stderr: '',
          stdoutTruncated: false,
        }),
      });
    });

    it('should keep at most maxOutputBytes of the output, saying it cut it', async () => {
      const outcome = await exec(['seq', '1000'], { maxOutputBytes: 10 });

      expect(outcome.data).toMatchObject({ stdout: '1\n2\n3\n4\n5\n', stdoutTruncated: true });
    });

    it('should report a command still running when the wait ends', async () => {
      const outcome = await exec(['sleep', '60'], { timeoutSeconds: 1 });

      expect(outcome.data).toMatchObject({ exited: false, stdout: '' });
    });

    it("should fail with the agent's words for a program the guest lacks", async () => {
      const outcome = await exec(['nosuch']);

      expect(outcome).toMatchObject({
        subject: Subjects.proxmoxOperationFailed,
        data: {
          code: 'UPSTREAM_ERROR',
          message: expect.stringContaining('Failed to execute child process “nosuch”'),
        },
      });
    });

    it('should refuse a container: the guest agent runs in VMs', async () => {
      const outcome = await run(
        { vmid: 200, command: ['true'], timeoutSeconds: 5, maxOutputBytes: 1024 },
        execOperation,
      );

      expect(outcome.data).toMatchObject({
        code: 'INVALID_MESSAGE',
        message: 'the QEMU guest agent runs in VMs; 200 is a container',
      });
    });
  });

  it('should move a disk to another storage, keeping the source as unused', async () => {
    const outcome = await run(
      { vmid: 106, disk: 'scsi0', storage: 'nas', deleteSource: false },
      moveDiskOperation,
    );

    expect(outcome.data).toMatchObject({
      operation: 'move-disk',
      volume: 'nas:106/vm-106-disk-0.raw',
      sourceVolume: 'local-lvm:vm-106-disk-0',
      keptAs: 'unused0',
    });
  });

  describe('firewall rules', () => {
    it('should add a rule to a guest first and report it as listed', async () => {
      const outcome = await run(
        {
          vmid: 100,
          action: 'add' as const,
          rule: {
            direction: 'in' as const,
            action: 'ACCEPT' as const,
            macro: 'SSH',
            source: '10.0.0.0/8',
            enabled: true,
          },
        },
        firewallRuleOperation,
      );

      expect(outcome.data).toMatchObject({
        operation: 'firewall-rule',
        action: 'add',
        rule: {
          type: 'in',
          action: 'ACCEPT',
          macro: 'SSH',
          source: '10.0.0.0/8',
          enable: '1',
          ipversion: '4',
        },
      });
    });

    it('should remove the rule at a position', async () => {
      const outcome = await run({ vmid: 100, action: 'remove' as const, pos: 1 }, firewallRuleOperation);

      expect(outcome.data).toMatchObject({ action: 'remove', rule: { macro: 'HTTP' } });
      expect(fixture.cluster.simulator.state.firewall.guest(100).rules.map((rule) => rule['macro'])).toEqual([
        'HTTPS',
      ]);
    });

    it("should refuse a removal when the rules changed since they were read (Proxmox's digest check)", async () => {
      const outcome = await run(
        { vmid: 100, action: 'remove' as const, pos: 0, digest: '0'.repeat(40) },
        firewallRuleOperation,
      );

      expect(outcome.data).toMatchObject({
        message: expect.stringContaining('detected modified configuration'),
      });
    });

    it('should refuse to add a rule while the cluster firewall is off', async () => {
      const off = await OperationRunnerFixture.start({ without: ['firewall'] });
      try {
        const outcome = await off.sut.run(
          command({
            vmid: 100,
            action: 'add' as const,
            rule: { direction: 'in' as const, action: 'DROP' as const, enabled: true },
          }),
          firewallRuleOperation,
        );

        expect(outcome.data).toMatchObject({
          code: 'NOT_CONFIGURED',
          message: expect.stringContaining('the firewall is off'),
        });
      } finally {
        await off.stop();
      }
    });
  });

  it('should put a guest under HA and take it out again', async () => {
    const added = await run(
      { vmid: 100, action: 'add' as const, state: 'started' as const, maxRestart: 2 },
      haOperation,
    );
    const removed = await run({ vmid: 100, action: 'remove' as const }, haOperation);
    const again = await run({ vmid: 100, action: 'remove' as const }, haOperation);

    expect(added.data).toMatchObject({ operation: 'ha', action: 'add', sid: 'vm:100' });
    expect(removed.data).toMatchObject({ action: 'remove', sid: 'vm:100' });
    expect(again.data).toMatchObject({
      message: expect.stringContaining("cannot delete service 'vm:100', not HA managed!"),
    });
  });

  it('should suspend a VM and resume it, and refuse a container', async () => {
    const suspended = await run({ vmid: 100, action: 'suspend' as const }, powerOperation);
    const resumed = await run({ vmid: 100, action: 'resume' as const }, powerOperation);
    const container = await run({ vmid: 200, action: 'suspend' as const }, powerOperation);

    expect(suspended.data).toMatchObject({ action: 'suspend', status: 'paused' });
    expect(resumed.data).toMatchObject({ action: 'resume', status: 'running' });
    expect(container.data).toMatchObject({ code: 'INVALID_MESSAGE' });
  });

  describe('downloads', () => {
    const download = (maxBytes: number, url = NETINST) =>
      run(
        { node: 'pve1', storage: 'local', url, content: 'iso' as const, filename: 'debian-13.iso', maxBytes },
        downloadOperation,
      );

    it('should have the node download a file into the storage after checking its size', async () => {
      const outcome = await download(1024 * MIB);

      expect(outcome.data).toMatchObject({
        operation: 'download',
        node: 'pve1',
        volume: 'local:iso/debian-13.iso',
        sizeBytes: 754 * MIB,
      });
      expect(fixture.cluster.simulator.state.volume('pve1', 'local:iso/debian-13.iso')).toBeDefined();
    });

    it('should refuse a file over the size bound before fetching it', async () => {
      const outcome = await download(100 * MIB);

      expect(outcome.data).toMatchObject({
        code: 'INVALID_MESSAGE',
        message: expect.stringContaining('more than the 104857600 allowed'),
      });
      expect(fixture.cluster.simulator.state.tasks().some((task) => task.type === 'download')).toBe(false);
    });
  });

  describe('volume deletion', () => {
    const backup = () =>
      fixture.cluster.simulator.state.volumes('pve3', 'local').find((volume) => volume.vmid === 111);

    it('should delete a backup', async () => {
      const volid = backup()?.volid ?? '';
      const outcome = await run({ node: 'pve3', volume: volid }, volumeDeleteOperation);

      expect(outcome.data).toMatchObject({ operation: 'volume-delete', node: 'pve3', volume: volid });
      expect(backup()).toBeUndefined();
    });

    it('should refuse a disk a guest uses', async () => {
      const outcome = await run({ node: 'pve1', volume: 'local-lvm:vm-106-disk-0' }, volumeDeleteOperation);

      expect(outcome.data).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('is a disk of guest 106 (scsi0)'),
      });
    });

    it("should report Proxmox's words for a volume that is not there", async () => {
      const outcome = await run({ node: 'pve1', volume: 'local:iso/nothing.iso' }, volumeDeleteOperation);

      expect(outcome.data).toMatchObject({
        message: expect.stringContaining("volume_size_info on 'local:iso/nothing.iso' failed"),
      });
    });
  });

  it('should stop a running task', async () => {
    const client = fixture.cluster.targets.resolve('homelab').client;
    const upid = (await client.backupGuests('pve1', { vmid: '106', storage: 'local' })) ?? '';
    const outcome = await run({ upid }, taskStopOperation);

    expect(outcome.data).toMatchObject({
      operation: 'task-stop',
      node: 'pve1',
      upid,
      exitStatus: 'received interrupt',
    });
  });
});
