import { FakeClock } from '@proxmox-mpc/service-runtime';
import { AGENT, OPERATOR, runningStop } from '../__tests__/operations';
import { FollowOperationUseCase } from './follow-operation.use-case';
import { InMemoryOperationStore } from './in-memory-operation.store';
import type { Operation } from './operation.entity';

describe(FollowOperationUseCase.name, () => {
  let operations: InMemoryOperationStore;
  let running: Operation;
  let sut: FollowOperationUseCase;

  beforeEach(async () => {
    operations = new InMemoryOperationStore();
    sut = new FollowOperationUseCase(operations);
    running = runningStop(new FakeClock());
    await operations.insert(running);
  });

  it('should show the caller an operation it started', async () => {
    await expect(
      sut.execute({ operationId: running.id, actorId: AGENT, admin: false }),
    ).resolves.toMatchObject({ id: running.id, status: 'running' });
  });

  it("should refuse another caller's operation as if it did not exist", async () => {
    await expect(
      sut.execute({ operationId: running.id, actorId: 'token:other-agent', admin: false }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: `no operation ${running.id} of yours` });
  });

  it('should show an admin any operation', async () => {
    await expect(
      sut.execute({ operationId: running.id, actorId: OPERATOR, admin: true }),
    ).resolves.toMatchObject({ id: running.id });
  });

  it('should refuse an id no operation has', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    await expect(sut.execute({ operationId: unknown, actorId: AGENT, admin: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
