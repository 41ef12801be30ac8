import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { AGENT, heldStop, OPERATOR } from '../__tests__/operations';
import { InMemoryOperationStore } from '../operations/in-memory-operation.store';
import { DecideApprovalUseCase } from './decide-approval.use-case';
import { ExpireApprovalsUseCase } from './expire-approvals.use-case';

const TTL_MS = 60_000;

describe(ExpireApprovalsUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let outbox: InMemoryEventOutbox;
  let clock: FakeClock;
  let sut: ExpireApprovalsUseCase;

  beforeEach(() => {
    operations = new InMemoryOperationStore();
    outbox = new InMemoryEventOutbox();
    clock = new FakeClock();
    sut = new ExpireApprovalsUseCase(operations, new InMemoryTransactions(), outbox, clock);
  });

  it('should close an approval whose time ran out and announce it', async () => {
    const held = heldStop(clock, TTL_MS);
    await operations.insert(held);
    clock.advance(TTL_MS);

    expect(await sut.execute()).toBe(1);
    expect(await operations.find(held.id)).toMatchObject({ status: 'expired', updatedAt: clock.now() });
    expect(outbox.dataOf(Subjects.mcpApprovalDecided)).toEqual([
      expect.objectContaining({ approvalId: held.id, status: 'expired' }),
    ]);
    expect(outbox.added[0]?.envelope.actor).toEqual({ kind: 'agent', id: AGENT });
  });

  it('should leave an approval that still has time', async () => {
    const held = heldStop(clock, TTL_MS);
    await operations.insert(held);
    clock.advance(TTL_MS - 1);

    expect(await sut.execute()).toBe(0);
    expect(await operations.find(held.id)).toMatchObject({ status: 'awaiting-approval' });
    expect(outbox.added).toEqual([]);
  });

  it('should close each approval once', async () => {
    await operations.insert(heldStop(clock, TTL_MS));
    clock.advance(TTL_MS);
    await sut.execute();

    expect(await sut.execute()).toBe(0);
    expect(outbox.dataOf(Subjects.mcpApprovalDecided)).toHaveLength(1);
  });

  it('should leave an approval an operator decided in time', async () => {
    const held = heldStop(clock, TTL_MS);
    await operations.insert(held);
    await new DecideApprovalUseCase(operations, new InMemoryTransactions(), outbox, clock).execute({
      approvalId: held.id,
      decision: 'approve',
      decidedBy: OPERATOR,
    });
    clock.advance(TTL_MS);

    expect(await sut.execute()).toBe(0);
    expect(await operations.find(held.id)).toMatchObject({ status: 'running' });
  });
});
