import { FakeClock } from '@proxmox-mpc/service-runtime';
import { AGENT, heldStop, runningStop } from '../__tests__/operations';
import { InMemoryOperationStore } from './in-memory-operation.store';
import { ListOperationsUseCase } from './list-operations.use-case';

describe(ListOperationsUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let clock: FakeClock;
  let sut: ListOperationsUseCase;

  beforeEach(() => {
    operations = new InMemoryOperationStore();
    clock = new FakeClock();
    sut = new ListOperationsUseCase(operations);
  });

  it('should list the operations in one state, newest first, as an operator sees them', async () => {
    const older = runningStop(clock);
    clock.advance(1_000);
    const newer = runningStop(clock);
    await operations.insert(older);
    await operations.insert(newer);
    await operations.insert(heldStop(clock, 60_000));

    const running = await sut.execute('running');

    expect(running.map((operation) => operation.operationId)).toEqual([newer.id, older.id]);
    expect(running[0]).toMatchObject({
      status: 'running',
      tool: newer.tool,
      summary: newer.summary,
      requestedBy: AGENT,
      correlationId: newer.correlationId,
      createdAt: clock.now().toISOString(),
    });
  });

  it('should stop at the limit', async () => {
    for (let index = 0; index < 3; index += 1) await operations.insert(runningStop(clock));

    expect(await sut.execute('running', 2)).toHaveLength(2);
  });
});
