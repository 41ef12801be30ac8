import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { AGENT, heldStop, OPERATOR } from '../__tests__/operations';
import { InMemoryOperationStore } from '../operations/in-memory-operation.store';
import type { Operation } from '../operations/operation.entity';
import { DecideApprovalUseCase } from './decide-approval.use-case';

const TTL_MS = 60_000;

describe(DecideApprovalUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let outbox: InMemoryEventOutbox;
  let clock: FakeClock;
  let held: Operation;
  let sut: DecideApprovalUseCase;

  const approve = (decidedBy = OPERATOR) =>
    sut.execute({ approvalId: held.id, decision: 'approve', decidedBy });
  const commandsSent = () => outbox.added.filter((entry) => entry.subject === Subjects.proxmoxGuestPower);

  beforeEach(async () => {
    operations = new InMemoryOperationStore();
    outbox = new InMemoryEventOutbox();
    clock = new FakeClock();
    sut = new DecideApprovalUseCase(operations, new InMemoryTransactions(), outbox, clock);
    held = heldStop(clock, TTL_MS);
    await operations.insert(held);
  });

  it('should release the held command under the id and correlation id the caller was promised', async () => {
    const approved = await approve();

    expect(approved).toMatchObject({ status: 'running', decidedBy: OPERATOR, decidedAt: clock.now() });
    expect(commandsSent()).toHaveLength(1);
    expect(commandsSent()[0]?.envelope).toMatchObject({
      id: held.id,
      correlationId: held.correlationId,
      actor: { kind: 'agent', id: AGENT },
      data: held.data,
    });
  });

  it('should release the command exactly once', async () => {
    await approve();

    await expect(approve()).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `approval ${held.id} is already approved`,
    });
    expect(commandsSent()).toHaveLength(1);
  });

  it('should announce the decision as the operator who made it', async () => {
    await approve();

    expect(outbox.dataOf(Subjects.mcpApprovalDecided)).toEqual([
      expect.objectContaining({ approvalId: held.id, status: 'approved', decidedBy: OPERATOR }),
    ]);
    expect(outbox.added.at(-1)?.envelope).toMatchObject({
      correlationId: held.correlationId,
      actor: { kind: 'operator', id: OPERATOR },
    });
  });

  it('should refuse the caller who asked for the operation, even with admin scope', async () => {
    await expect(approve(AGENT)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: `${AGENT} asked for this operation and cannot approve it`,
    });
    expect(await operations.find(held.id)).toMatchObject({ status: 'awaiting-approval' });
    expect(outbox.added).toEqual([]);
  });

  it('should deny without sending anything, keeping the reason', async () => {
    const denied = await sut.execute({
      approvalId: held.id,
      decision: 'deny',
      decidedBy: OPERATOR,
      reason: 'web-01 serves the shop',
    });

    expect(denied).toMatchObject({ status: 'denied', decidedBy: OPERATOR, reason: 'web-01 serves the shop' });
    expect(commandsSent()).toEqual([]);
    expect(outbox.dataOf(Subjects.mcpApprovalDecided)).toEqual([
      expect.objectContaining({ status: 'denied' }),
    ]);
  });

  it('should refuse to approve what was denied', async () => {
    await sut.execute({ approvalId: held.id, decision: 'deny', decidedBy: OPERATOR });

    await expect(approve()).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `approval ${held.id} is already denied`,
    });
    expect(commandsSent()).toEqual([]);
  });

  it('should refuse an approval whose time ran out, even before the sweep closed it', async () => {
    clock.advance(TTL_MS);

    await expect(approve()).rejects.toMatchObject({
      code: 'EXPIRED',
      message: `approval ${held.id} expired at ${held.expiresAt?.toISOString()}`,
    });
    expect(commandsSent()).toEqual([]);
  });

  it('should refuse an id no approval has', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    await expect(
      sut.execute({ approvalId: unknown, decision: 'approve', decidedBy: OPERATOR }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: `no approval ${unknown}` });
  });
});
