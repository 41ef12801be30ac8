import { InMemoryEventOutbox, type Outcome } from '@proxmox-mpc/bus';
import { Subjects, type OperationProgress } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { STOP_REFUSED, STOPPED, stopRequest } from '../__tests__/operations';
import { InMemoryCommandOutcomes } from './in-memory-command-outcomes';
import { InMemoryOperationStore } from './in-memory-operation.store';
import { RecordOperationOutcomeUseCase } from './record-operation-outcome.use-case';
import { SendOperationUseCase } from './send-operation.use-case';

const TOOL_TIMEOUT_MS = 45_000;

describe(SendOperationUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let outcomes: InMemoryCommandOutcomes;
  let outbox: InMemoryEventOutbox;
  let clock: FakeClock;
  let sut: SendOperationUseCase;

  beforeEach(() => {
    operations = new InMemoryOperationStore();
    outcomes = new InMemoryCommandOutcomes();
    outbox = new InMemoryEventOutbox();
    clock = new FakeClock();
    sut = new SendOperationUseCase(
      operations,
      outcomes,
      new RecordOperationOutcomeUseCase(operations, clock),
      new InMemoryTransactions(),
      outbox,
      clock,
      { MCP_TOOL_TIMEOUT_MS: TOOL_TIMEOUT_MS },
    );
  });

  it('should record the operation and put its command in the outbox under the same id', async () => {
    const sent = await sut.execute(stopRequest());

    expect(operations.rows).toEqual([sent]);
    expect(outbox.added).toHaveLength(1);
    expect(outbox.added[0]).toMatchObject({
      subject: Subjects.proxmoxGuestPower,
      envelope: { id: sent.id, correlationId: 'call-1', data: stopRequest().data },
    });
  });

  it('should wait for the outcome of that command up to MCP_TOOL_TIMEOUT_MS', async () => {
    const sent = await sut.execute(stopRequest());

    expect(outcomes.waits).toEqual([
      { subject: Subjects.proxmoxGuestPower, commandId: sent.id, timeoutMs: TOOL_TIMEOUT_MS },
    ]);
  });

  it('should answer "running" when no outcome arrives in time', async () => {
    await expect(sut.execute(stopRequest())).resolves.toMatchObject({ status: 'running', result: null });
  });

  it('should record the operation completed with what its outcome said', async () => {
    outcomes.endWith(Subjects.proxmoxOperationCompleted, STOPPED);

    await expect(sut.execute(stopRequest())).resolves.toMatchObject({ status: 'completed', result: STOPPED });
  });

  it('should record the operation failed with the code and message of its outcome', async () => {
    outcomes.endWith(Subjects.proxmoxOperationFailed, STOP_REFUSED);

    await expect(sut.execute(stopRequest())).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'TASK_FAILED', message: 'VM 100 is locked (backup)' },
    });
  });

  it('should pass progress on as it arrives', async () => {
    const step: OperationProgress = {
      operation: 'power',
      vmid: 100,
      step: 'stop',
      stepIndex: 1,
      stepCount: 1,
      message: 'stopping',
      elapsedMs: 300,
    };
    outcomes.reportProgress(step);
    const progress: Outcome[] = [];

    await sut.execute(stopRequest(), { onProgress: (event) => progress.push(event) });

    expect(progress.map((event) => event.envelope.data)).toEqual([step]);
  });

  it('should keep who confirmed it, and when', async () => {
    const sent = await sut.execute(stopRequest(), { confirmedBy: 'user-confirmed:token:agent' });

    expect(sent).toMatchObject({ decidedBy: 'user-confirmed:token:agent', decidedAt: clock.now() });
  });
});
