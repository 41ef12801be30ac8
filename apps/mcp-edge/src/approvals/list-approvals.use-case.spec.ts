import { Subjects } from '@proxmox-mpc/contracts';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { AGENT, heldStop, runningStop } from '../__tests__/operations';
import { InMemoryOperationStore } from '../operations/in-memory-operation.store';
import { ListApprovalsUseCase } from './list-approvals.use-case';

const TTL_MS = 60_000;

describe(ListApprovalsUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let clock: FakeClock;
  let sut: ListApprovalsUseCase;

  beforeEach(() => {
    operations = new InMemoryOperationStore();
    clock = new FakeClock();
    sut = new ListApprovalsUseCase(operations);
  });

  it('should list pending approvals, newest first, as operators see them', async () => {
    const older = heldStop(clock, TTL_MS);
    clock.advance(1_000);
    const newer = heldStop(clock, TTL_MS, {
      summary: 'delete qemu 101 (db-01) on pve1',
      tool: 'delete_guest',
    });
    await operations.insert(older);
    await operations.insert(newer);

    const approvals = await sut.execute();

    expect(approvals.map((approval) => approval.approvalId)).toEqual([newer.id, older.id]);
    expect(approvals[0]).toEqual({
      approvalId: newer.id,
      tool: 'delete_guest',
      summary: 'delete qemu 101 (db-01) on pve1',
      target: 'prod',
      requestedBy: AGENT,
      status: 'pending',
      createdAt: clock.now().toISOString(),
      expiresAt: new Date(clock.now().getTime() + TTL_MS).toISOString(),
      command: {
        subject: 'cmd.proxmox.guest.power',
        data: { vmid: 100, node: 'pve1', type: 'qemu', action: 'stop' },
      },
    });
  });

  it('should show the command an approval releases with its secrets redacted', async () => {
    await operations.insert(
      heldStop(clock, TTL_MS, {
        subject: Subjects.proxmoxGuestCreate,
        data: { node: 'pve1', type: 'lxc', vmid: 300, password: 'hunter2' } as never,
      }),
    );

    const [approval] = await sut.execute();

    expect(approval?.command).toEqual({
      subject: 'cmd.proxmox.guest.create',
      data: { node: 'pve1', type: 'lxc', vmid: 300, password: '[REDACTED]' },
    });
  });

  it('should leave out operations that wait for no one', async () => {
    await operations.insert(runningStop(clock));

    expect(await sut.execute()).toEqual([]);
  });

  it('should list approved ones however they ended, but not operations nobody had to approve', async () => {
    const approved = Object.assign(heldStop(clock, TTL_MS), {
      status: 'completed' as const,
      decidedBy: 'operator:alice',
    });
    await operations.insert(approved);
    await operations.insert(runningStop(clock));
    await operations.insert(heldStop(clock, TTL_MS));

    const approvals = await sut.execute('approved');

    expect(approvals.map((approval) => [approval.approvalId, approval.status])).toEqual([
      [approved.id, 'approved'],
    ]);
  });
});
