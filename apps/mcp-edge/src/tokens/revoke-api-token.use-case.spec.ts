import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { apiToken } from '../__tests__/api-tokens';
import { InMemoryApiTokenStore } from './in-memory-api-token.store';
import { RevokeApiTokenUseCase } from './revoke-api-token.use-case';

describe(RevokeApiTokenUseCase.name, () => {
  let tokens: InMemoryApiTokenStore;
  let outbox: InMemoryEventOutbox;
  let clock: FakeClock;
  let sut: RevokeApiTokenUseCase;

  beforeEach(async () => {
    tokens = new InMemoryApiTokenStore();
    outbox = new InMemoryEventOutbox();
    clock = new FakeClock();
    sut = new RevokeApiTokenUseCase(tokens, new InMemoryTransactions(), outbox, clock);
    await tokens.insert(apiToken('ci-reader', { createdAt: clock.now() }));
  });

  it('should mark the token revoked now, by whom, and announce it', async () => {
    clock.advance(60_000);

    const summary = await sut.execute({ name: 'ci-reader', revokedBy: 'token:admin' });

    expect(summary).toMatchObject({ revokedAt: clock.now().toISOString(), revokedBy: 'token:admin' });
    expect(await tokens.findActive('ci-reader')).toBeUndefined();
    expect(outbox.dataOf(Subjects.mcpTokenRevoked)).toEqual([summary]);
  });

  it('should refuse a name with no active token, announcing nothing', async () => {
    await sut.execute({ name: 'ci-reader', revokedBy: 'token:admin' });

    await expect(sut.execute({ name: 'ci-reader', revokedBy: 'token:admin' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no active token named "ci-reader"',
    });
    expect(outbox.dataOf(Subjects.mcpTokenRevoked)).toHaveLength(1);
  });
});
