import { Subjects, type GuestCreateRequested } from '@proxmox-mpc/contracts';
import type { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { commandOf as command, OperationRunnerFixture } from '../__tests__/operation-runner-fixture';
import type { SimulatedCluster } from '../__tests__/simulated-cluster';
import type { InMemoryOperationJournalStore } from './in-memory-operation-journal.store';
import { OperationRunner } from './operation-runner';
import { backupOperation } from './plans/backup.plan';
import { cloneOperation } from './plans/clone.plan';
import { configureOperation } from './plans/configure.plan';
import { createOperation } from './plans/create.plan';
import { deleteOperation } from './plans/delete.plan';
import { migrateOperation } from './plans/migrate.plan';
import { powerOperation } from './plans/power.plan';
import { resizeOperation } from './plans/resize.plan';
import { restoreOperation } from './plans/restore.plan';
import { rollbackOperation } from './plans/rollback.plan';
import { snapshotOperation } from './plans/snapshot.plan';
import type { InMemoryProgressReporter } from './progress-reporter';

const TARGET = 'homelab';

describe(OperationRunner.name, () => {
  let cluster: SimulatedCluster;
  let inventory: InMemoryInventory;
  let journals: InMemoryOperationJournalStore;
  let progress: InMemoryProgressReporter;
  let sut: OperationRunner;

  /** The tasks Proxmox ran of this type for this guest. */
  const tasks = (type: string, vmid: number) =>
    cluster.simulator.state.tasks().filter((task) => task.type === type && task.id === String(vmid));
  const client = () => cluster.targets.resolve(TARGET).client;

  let fixture: OperationRunnerFixture;

  beforeEach(async () => {
    fixture = await OperationRunnerFixture.start();
    ({ cluster, inventory, journals, progress, sut } = fixture);
  });

  afterEach(async () => {
    await fixture.stop();
  });

  describe('running a plan', () => {
    it('should start a stopped VM, follow its task and report the new status', async () => {
      const outcome = await sut.run(command({ vmid: 106, action: 'start' as const }), powerOperation);

      expect(outcome).toEqual({
        subject: Subjects.proxmoxOperationCompleted,
        data: expect.objectContaining({
          operation: 'power',
          vmid: 106,
          node: 'pve1',
          type: 'qemu',
          status: 'running',
        }),
      });
      expect(outcome.data.upids).toEqual([expect.stringMatching(/^UPID:pve1:/)]);
      expect(cluster.guest(106).status).toBe('running');
    });

    it('should report each step as it starts and ends', async () => {
      await sut.run(command({ vmid: 106, action: 'start' as const }), powerOperation);

      expect(progress.reports.map((report) => report.message)).toEqual(
        expect.arrayContaining(['start: starting', 'start: done']),
      );
      expect(progress.reports[0]).toMatchObject({
        operation: 'power',
        vmid: 106,
        stepIndex: 1,
        stepCount: 1,
      });
    });

    it('should record the guest in the inventory under the command', async () => {
      const start = command({ vmid: 106, action: 'start' as const });

      await sut.run(start, powerOperation);

      expect((await inventory.guests.find(TARGET, 106))?.status).toBe('running');
      expect(inventory.outbox.added.map((entry) => [entry.subject, entry.envelope.correlationId])).toEqual([
        [Subjects.proxmoxInventoryGuestsCreated, start.correlationId],
        [Subjects.proxmoxInventoryChanged, start.correlationId],
      ]);
    });

    it('should start nothing again when an ended command is redelivered because its events were not committed', async () => {
      const start = command({ vmid: 106, action: 'start' as const });
      await sut.run(start, powerOperation);

      const again = await sut.run(start, powerOperation);

      expect(again.subject).toBe(Subjects.proxmoxOperationCompleted);
      expect(tasks('qmstart', 106)).toHaveLength(1);
    });

    it("should report Proxmox's own words when the task fails", async () => {
      const outcome = await sut.run(command({ vmid: 100, action: 'start' as const }), powerOperation);

      expect(outcome).toEqual({
        subject: Subjects.proxmoxOperationFailed,
        data: expect.objectContaining({
          code: 'TASK_FAILED',
          message: 'VM 100 already running',
          completedSteps: [],
        }),
      });
    });

    it('should report a refusal Proxmox gives before any task starts', async () => {
      const outcome = await sut.run(command({ vmid: 200, action: 'start' as const }), powerOperation);

      expect(outcome.subject).toBe(Subjects.proxmoxOperationFailed);
      expect(outcome.data).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('CT 200 already running'),
      });
    });

    it('should refuse a guest that does not exist, naming it', async () => {
      const outcome = await sut.run(command({ vmid: 4242, action: 'stop' as const }), powerOperation);

      expect(outcome).toEqual({
        subject: Subjects.proxmoxOperationFailed,
        data: expect.objectContaining({
          vmid: 4242,
          code: 'NOT_FOUND',
          message: 'guest 4242 does not exist on target "homelab"',
        }),
      });
    });

    it('should leave a transient failure to be retried, keeping the journal', async () => {
      cluster.simulator.faults.configure({
        errorRate: 1,
        errorStatuses: [503],
        pathPattern: '/status/start$',
      });

      await expect(
        sut.run(command({ vmid: 106, action: 'start' as const }), powerOperation),
      ).rejects.toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        retryable: true,
      });
      expect(journals.rows.map((entry) => entry.steps.map((step) => [step.name, step.state]))).toEqual([
        [['start', 'started']],
      ]);
    });
  });

  describe('a redelivered command', () => {
    it('should skip a step its first delivery finished', async () => {
      const start = command({ vmid: 106, action: 'start' as const });
      const entry = await journals.open(start.id, 'power', TARGET, inventory.clock.now());
      entry.steps.push({ name: 'start', state: 'done', startedAt: inventory.clock.now().toISOString() });
      await journals.save(entry, inventory.clock.now());

      const outcome = await sut.run(start, powerOperation);

      expect(outcome.data).toMatchObject({ operation: 'power', status: 'stopped' });
      expect(tasks('qmstart', 106)).toEqual([]);
    });

    it('should follow the task its first delivery started, never starting another', async () => {
      const start = command({ vmid: 106, action: 'start' as const });
      const upid = await client().powerGuest('pve1', 'qemu', 106, 'start');
      const entry = await journals.open(start.id, 'power', TARGET, inventory.clock.now());
      entry.steps.push({
        name: 'start',
        state: 'started',
        upid,
        startedAt: inventory.clock.now().toISOString(),
      });
      await journals.save(entry, inventory.clock.now());

      const outcome = await sut.run(start, powerOperation);

      expect(outcome.data).toMatchObject({ upids: [upid], status: 'running' });
      expect(tasks('qmstart', 106)).toHaveLength(1);
    });

    it('should join the run under way when redelivered to the replica still running it', async () => {
      const start = command({ vmid: 106, action: 'start' as const });

      const [first, second] = await Promise.all([
        sut.run(start, powerOperation),
        sut.run(start, powerOperation),
      ]);

      expect(second).toBe(first);
      expect(tasks('qmstart', 106)).toHaveLength(1);
    });

    it('should find the task of a step started before a crash in Proxmox, never starting it twice', async () => {
      const start = command({ vmid: 106, action: 'start' as const });
      const entry = await journals.open(start.id, 'power', TARGET, inventory.clock.now());
      entry.steps.push({ name: 'start', state: 'started', startedAt: inventory.clock.now().toISOString() });
      await journals.save(entry, inventory.clock.now());
      // The first delivery reached Proxmox, and crashed before it could save the UPID.
      const upid = await client().powerGuest('pve1', 'qemu', 106, 'start');

      const outcome = await sut.run(start, powerOperation);

      expect(outcome).toMatchObject({ subject: Subjects.proxmoxOperationCompleted, data: { upids: [upid] } });
      expect(tasks('qmstart', 106)).toHaveLength(1);
    });

    it('should make one guest when a create is redelivered, with the VMID it chose first', async () => {
      const create = command<GuestCreateRequested>({
        type: 'qemu',
        node: 'pve1',
        spec: { name: 'once-only', memoryMb: 512 },
      });
      cluster.simulator.faults.configure({
        errorRate: 1,
        errorStatuses: [503],
        pathPattern: '^/nodes/pve1/qemu$',
      });
      await expect(sut.run(create, createOperation)).rejects.toMatchObject({ retryable: true });
      cluster.simulator.faults.reset();
      const chosen = journals.rows[0]?.values['vmid'];

      const outcome = await sut.run(create, createOperation);

      expect(outcome).toMatchObject({ subject: Subjects.proxmoxOperationCompleted, data: { vmid: chosen } });
      expect(
        cluster.simulator.state.guests().filter((guest) => guest.config['name'] === 'once-only'),
      ).toHaveLength(1);
    });
  });

  describe('the plans', () => {
    const failureOf = async <C>(data: C, definition: Parameters<OperationRunner['run']>[1]) => {
      const outcome = await sut.run(command(data as C & { vmid?: number }), definition);
      expect(outcome.subject).toBe(Subjects.proxmoxOperationFailed);
      return outcome.data;
    };

    it('create: should refuse a VMID that is taken', async () => {
      expect(
        await failureOf({ type: 'qemu', node: 'pve1', vmid: 100, spec: { name: 'taken' } }, createOperation),
      ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('VM 100 already exists') });
    });

    it('clone: should refuse cloud-init for a container', async () => {
      expect(
        await failureOf({ vmid: 200, name: 'pihole-2', cloudInit: { user: 'ops' } }, cloneOperation),
      ).toMatchObject({
        code: 'INVALID_MESSAGE',
        message: 'containers have no cloud-init; set their address with config.net0',
      });
    });

    it('clone: should refuse to wait for an address of a guest it does not start', async () => {
      expect(await failureOf({ vmid: 9000, name: 'web-04', waitForIp: true }, cloneOperation)).toMatchObject({
        code: 'INVALID_MESSAGE',
        message: 'waitForIp needs a VM that is started (start: true)',
      });
    });

    it('clone: should clone a template, start it and report its addresses', async () => {
      const outcome = await sut.run(
        command({ vmid: 9000, name: 'web-04', config: { cores: 4 }, start: true, waitForIp: true }),
        cloneOperation,
      );

      expect(outcome).toMatchObject({
        subject: Subjects.proxmoxOperationCompleted,
        data: { operation: 'clone', sourceVmid: 9000, name: 'web-04', status: 'running' },
      });
      expect(outcome.data).toHaveProperty('ipAddresses', [expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)]);
    });

    it('configure: should refuse a change made against a config that changed since', async () => {
      expect(
        await failureOf({ vmid: 100, set: { cores: 4 }, digest: '0'.repeat(40) }, configureOperation),
      ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('checksum mismatch') });
    });

    it('resize: should refuse to shrink a disk', async () => {
      expect(await failureOf({ vmid: 100, disk: 'scsi0', size: '8G' }, resizeOperation)).toMatchObject({
        code: 'TASK_FAILED',
        message: 'shrinking disks is not supported',
      });
    });

    it('resize: should refuse a disk the guest does not have', async () => {
      expect(await failureOf({ vmid: 100, disk: 'scsi5', size: '+1G' }, resizeOperation)).toMatchObject({
        code: 'TASK_FAILED',
        message: "disk 'scsi5' does not exist",
      });
    });

    it('snapshot: should refuse to delete a snapshot that does not exist', async () => {
      expect(await failureOf({ vmid: 100, action: 'delete', name: 'nope' }, snapshotOperation)).toMatchObject(
        {
          code: 'TASK_FAILED',
          message: "snapshot 'nope' does not exist",
        },
      );
    });

    it('rollback: should refuse a snapshot that does not exist', async () => {
      expect(await failureOf({ vmid: 100, snapshot: 'nope' }, rollbackOperation)).toMatchObject({
        code: 'TASK_FAILED',
        message: "snapshot 'nope' does not exist",
      });
    });

    it('backup: should refuse a storage that does not exist', async () => {
      expect(await failureOf({ vmid: 100, storage: 'nowhere' }, backupOperation)).toMatchObject({
        code: 'TASK_FAILED',
        message: expect.stringContaining("storage 'nowhere' does not exist"),
      });
    });

    it('restore: should refuse an archive that does not exist', async () => {
      const archive = 'local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst';

      expect(
        await failureOf({ vmid: 100, node: 'pve1', type: 'qemu', archive }, restoreOperation),
      ).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining(`can't find file '${archive}'`),
      });
    });

    it('restore: should refuse to restore over an existing guest without force', async () => {
      const backup = cluster.simulator.state
        .volumes('pve3', 'local')
        .find((volume) => volume.content === 'backup' && volume.vmid !== undefined);
      if (!backup?.vmid) throw new Error('the scenario has no backup');
      const owner = cluster.guest(Number(backup.vmid));

      expect(
        await failureOf(
          { vmid: owner.vmid, node: 'pve3', type: owner.type, archive: backup.volid },
          restoreOperation,
        ),
      ).toMatchObject({ message: expect.stringContaining('already exists') });
    });

    it('migrate: should refuse to migrate a guest to the node it is on', async () => {
      expect(await failureOf({ vmid: 104, target: 'pve1' }, migrateOperation)).toMatchObject({
        code: 'INVALID_MESSAGE',
        message: expect.stringContaining('target is local node'),
      });
    });

    it('delete: should refuse to delete a protected guest', async () => {
      cluster.guest(124).config['protection'] = '1';

      expect(await failureOf({ vmid: 124 }, deleteOperation)).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining("can't remove VM 124 - protection mode enabled"),
      });
      expect(cluster.simulator.state.guest(124)).toBeDefined();
    });

    it('delete: should refuse to delete a running guest', async () => {
      expect(await failureOf({ vmid: 104 }, deleteOperation)).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('VM 104 is running - destroy failed'),
      });
    });
  });
});
