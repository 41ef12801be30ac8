import { inputRequired } from '@modelcontextprotocol/server';
import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { AGENT, startRequest, stopAnywhere, stopRequest } from '../__tests__/operations';
import { InMemoryOperationStore } from '../operations/in-memory-operation.store';
import { ApprovalPolicy } from './approval-policy';
import type { ConfirmationOutcome, Confirmer } from './confirmation';
import { SeekApprovalUseCase } from './seek-approval.use-case';

const TTL_MS = 15 * 60_000;

/** A user who answers every question with `answer`, and the questions they were asked. */
function userWho(answer: ConfirmationOutcome): Confirmer & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    confirm: async (question) => {
      asked.push(question);
      return answer;
    },
  };
}

describe(SeekApprovalUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let outbox: InMemoryEventOutbox;
  let clock: FakeClock;
  let sut: SeekApprovalUseCase;

  beforeEach(() => {
    operations = new InMemoryOperationStore();
    outbox = new InMemoryEventOutbox();
    clock = new FakeClock();
    sut = new SeekApprovalUseCase(
      new ApprovalPolicy({ '*': ['power.stop', 'delete'], lab: [] }),
      operations,
      new InMemoryTransactions(),
      outbox,
      clock,
      { MCP_APPROVAL_TTL_MS: TTL_MS },
    );
  });

  it('should let an action the policy does not name go ahead', async () => {
    const answer = await sut.execute({
      request: stopRequest({ approvalAction: 'power.reboot' }),
      confirmation: 'web-01',
    });

    expect(answer).toEqual({ kind: 'go' });
    expect(operations.rows).toEqual([]);
  });

  it('should let a request with no approval action go ahead', async () => {
    await expect(sut.execute({ request: startRequest(), confirmation: 'web-01' })).resolves.toEqual({
      kind: 'go',
    });
  });

  it("should follow the target's own rule before the `*` rule", async () => {
    const answer = await sut.execute({ request: stopRequest({ target: 'lab' }), confirmation: 'web-01' });

    expect(answer).toEqual({ kind: 'go' });
  });

  it('should apply the `*` rule to a call that names no cluster', async () => {
    await expect(sut.execute({ request: stopAnywhere(), confirmation: 'web-01' })).resolves.toMatchObject({
      kind: 'held',
    });
  });

  it('should hold the request, pending for the approval time, when the client cannot ask its user', async () => {
    const answer = await sut.execute({ request: stopRequest(), confirmation: 'web-01' });

    if (answer.kind !== 'held') throw new Error(`expected held, got ${answer.kind}`);
    expect(answer.operation).toMatchObject({
      status: 'awaiting-approval',
      requestedBy: AGENT,
      expiresAt: new Date(clock.now().getTime() + TTL_MS),
    });
    expect(await operations.find(answer.operation.id)).toMatchObject({ status: 'awaiting-approval' });
  });

  it('should announce a held request for operators, and send nothing', async () => {
    const answer = await sut.execute({ request: stopRequest(), confirmation: 'web-01' });

    if (answer.kind !== 'held') throw new Error(`expected held, got ${answer.kind}`);
    expect(outbox.dataOf(Subjects.mcpApprovalRequested)).toEqual([
      {
        approvalId: answer.operation.id,
        tool: 'power_guest',
        summary: 'stop qemu 100 (web-01) on pve1',
        target: 'prod',
        requestedBy: AGENT,
        status: 'pending',
        createdAt: clock.now().toISOString(),
        expiresAt: new Date(clock.now().getTime() + TTL_MS).toISOString(),
        command: { subject: Subjects.proxmoxGuestPower, data: stopRequest().data },
      },
    ]);
    expect(outbox.dataOf(Subjects.proxmoxGuestPower)).toEqual([]);
  });

  it("should ask the client's user to type the guest's name", async () => {
    const user = userWho({ kind: 'confirmed' });

    await sut.execute({ request: stopRequest(), confirmation: 'web-01', confirmer: user });

    expect(user.asked).toEqual([{ summary: 'stop qemu 100 (web-01) on pve1', expected: 'web-01' }]);
  });

  it('should go ahead once the user confirms, naming them, without holding anything', async () => {
    const answer = await sut.execute({
      request: stopRequest(),
      confirmation: 'web-01',
      confirmer: userWho({ kind: 'confirmed' }),
    });

    expect(answer).toEqual({ kind: 'go', confirmedBy: `user-confirmed:${AGENT}` });
    expect(operations.rows).toEqual([]);
  });

  it("should refuse, with the user's reason, when the user does not confirm", async () => {
    const reason = 'the user typed "web-02", not "web-01"; nothing was done';

    await expect(
      sut.execute({
        request: stopRequest(),
        confirmation: 'web-01',
        confirmer: userWho({ kind: 'refused', reason }),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: reason });
    expect(operations.rows).toEqual([]);
  });

  it('should hand the question back when the client must ask its user before calling again', async () => {
    const question = inputRequired({ inputRequests: {}, requestState: 'signed-state' });

    const answer = await sut.execute({
      request: stopRequest(),
      confirmation: 'web-01',
      confirmer: userWho({ kind: 'ask', result: question }),
    });

    expect(answer).toEqual({ kind: 'ask', result: question });
    expect(operations.rows).toEqual([]);
  });
});
