import { FakeClock } from '@proxmox-mpc/service-runtime';
import { apiToken } from '../__tests__/api-tokens';
import { CachedApiTokenStore, type TokenBus } from './cached-api-token.store';
import { InMemoryApiTokenStore } from './in-memory-api-token.store';

const DIGEST = Buffer.from('digest-of-ci-reader');

/** This replica's connection to the bus, which the spec can break (it comes back as a new one). */
class FakeConnection implements TokenBus {
  current: number | undefined = 1;

  unbrokenConnection(): number | undefined {
    return this.current;
  }

  // Announcements are applied by the spec itself (forgetAll), before it asks.
  caughtUp(): Promise<void> {
    return Promise.resolve();
  }
}

describe(CachedApiTokenStore.name, () => {
  /** `api_tokens`, shared by every replica. */
  let stored: InMemoryApiTokenStore;
  let connection: FakeConnection;
  let clock: FakeClock;
  let sut: CachedApiTokenStore;

  beforeEach(async () => {
    stored = new InMemoryApiTokenStore();
    await stored.insert(apiToken('ci-reader', { digest: DIGEST }));
    connection = new FakeConnection();
    clock = new FakeClock();
    sut = new CachedApiTokenStore(stored, connection, clock);
  });

  const revokedAt = async () => (await sut.findByDigest(DIGEST))?.revokedAt;
  /** The token in use here, then revoked by another replica (or a console) in the shared table. */
  const revokedElsewhere = async () => {
    expect(await revokedAt()).toBeNull();
    await stored.revoke('ci-reader', 'token:admin', clock.now());
  };

  it('should read a token once for concurrent and repeated requests', async () => {
    const reads = jest.spyOn(stored, 'findByDigest');

    const found = await Promise.all([sut.findByDigest(DIGEST), sut.findByDigest(DIGEST)]);
    await sut.findByDigest(DIGEST);

    expect(found.map((entry) => entry?.name)).toEqual(['ci-reader', 'ci-reader']);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('should not remember a digest nobody holds, so a token created next works at once', async () => {
    const other = Buffer.from('not-yet');
    expect(await sut.findByDigest(other)).toBeUndefined();
    await stored.insert(apiToken('new-bot', { digest: other }));

    expect((await sut.findByDigest(other))?.name).toBe('new-bot');
  });

  it('should answer from memory while a revocation elsewhere is not announced', async () => {
    await revokedElsewhere();

    expect(await revokedAt()).toBeNull();
  });

  it('should see the revocation at the next request once it is announced', async () => {
    await revokedElsewhere();

    sut.forgetAll();

    expect(await revokedAt()).toEqual(clock.now());
  });

  it('should see the revocation at the next request after its connection to the bus broke, when it may have missed the announcement', async () => {
    await revokedElsewhere();

    connection.current = 2;

    expect(await revokedAt()).toEqual(clock.now());
  });

  it('should remember nothing while it has no connection to the bus', async () => {
    connection.current = undefined;
    await revokedElsewhere();

    expect(await revokedAt()).toEqual(clock.now());
  });

  it('should see a revocation it made itself at the next request', async () => {
    expect(await revokedAt()).toBeNull();

    await sut.revoke('ci-reader', 'token:admin', clock.now());

    expect(await revokedAt()).toEqual(clock.now());
  });
});
