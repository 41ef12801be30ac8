import { Subjects, type DataOf } from '@proxmox-mpc/contracts';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { heldStop, runningStop, STOP_REFUSED, STOPPED } from '../__tests__/operations';
import { outcomeOf } from './in-memory-command-outcomes';
import { InMemoryOperationStore } from './in-memory-operation.store';
import type { Operation } from './operation.entity';
import { RecordOperationOutcomeUseCase } from './record-operation-outcome.use-case';

describe(RecordOperationOutcomeUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let clock: FakeClock;
  let running: Operation;
  let sut: RecordOperationOutcomeUseCase;

  beforeEach(async () => {
    operations = new InMemoryOperationStore();
    clock = new FakeClock();
    sut = new RecordOperationOutcomeUseCase(operations, clock);
    running = runningStop(clock);
    await operations.insert(running);
    clock.advance(5_000);
  });

  it('should complete a running operation with the result its event carries', async () => {
    await sut.execute(outcomeOf(Subjects.proxmoxOperationCompleted, STOPPED, running));

    expect(await operations.find(running.id)).toMatchObject({
      status: 'completed',
      result: STOPPED,
      error: null,
      updatedAt: clock.now(),
    });
  });

  it('should fail it with the code and message of the failure event', async () => {
    await sut.execute(outcomeOf(Subjects.proxmoxOperationFailed, STOP_REFUSED, running));

    expect(await operations.find(running.id)).toMatchObject({
      status: 'failed',
      result: null,
      error: { code: 'TASK_FAILED', message: 'VM 100 is locked (backup)' },
    });
  });

  it('should fail it when the bus gave up on its command', async () => {
    const gaveUp: DataOf<typeof Subjects.busMessageFailed> = {
      subject: Subjects.proxmoxGuestPower,
      messageId: running.id,
      consumer: 'proxmox-agent',
      reason: 'exhausted',
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'pve1 did not answer after 5 deliveries',
      deliveries: 5,
    };

    await sut.execute(outcomeOf(Subjects.busMessageFailed, gaveUp, running));

    expect(await operations.find(running.id)).toMatchObject({
      status: 'failed',
      error: { code: 'UPSTREAM_UNAVAILABLE', message: 'pve1 did not answer after 5 deliveries' },
    });
  });

  it('should keep the first ending when a second one arrives', async () => {
    await sut.execute(outcomeOf(Subjects.proxmoxOperationCompleted, STOPPED, running));
    await sut.execute(outcomeOf(Subjects.proxmoxOperationFailed, STOP_REFUSED, running));

    expect(await operations.find(running.id)).toMatchObject({ status: 'completed' });
  });

  it('should leave an operation that was never sent as it is', async () => {
    const held = heldStop(clock, 60_000);
    await operations.insert(held);

    await sut.execute(outcomeOf(Subjects.proxmoxOperationCompleted, STOPPED, held));

    expect(await operations.find(held.id)).toMatchObject({ status: 'awaiting-approval', result: null });
  });

  it('should ignore an outcome of a command that is not ours', async () => {
    const elsewhere = { id: '00000000-0000-4000-8000-000000000000', correlationId: 'console-1' };

    await expect(
      sut.execute(outcomeOf(Subjects.proxmoxOperationCompleted, STOPPED, elsewhere)),
    ).resolves.toBeUndefined();
    expect(await operations.find(running.id)).toMatchObject({ status: 'running' });
  });
});
