import { Inject, Injectable } from '@nestjs/common';
import { BusInvalidatedCache, MessageBus } from '@proxmox-mpc/bus';
import type { Transaction } from '@proxmox-mpc/persistence';
import { Clock } from '@proxmox-mpc/service-runtime';
import type { ApiToken } from './api-token.entity';
import { ApiTokenStore } from './api-token.store';
import { PostgresApiTokenStore } from './postgres-api-token.store';

/** What the store needs of the bus: the connection's history, and a round trip on it. */
export type TokenBus = Pick<MessageBus, 'unbrokenConnection' | 'caughtUp'>;

/**
 * How long a token read by digest is answered from memory before it is read again.
 * Revocation does not wait for it: every replica forgets what it holds when
 * `evt.mcp.token.revoked` reaches it (TokenRevocationsHandler), and holds nothing read
 * before its NATS connection last broke (BusInvalidatedCache). This period bounds only an
 * event lost without the connection breaking; it costs one indexed lookup per token,
 * replica and period.
 */
const TRUST_MS = 5_000;
/** Far more tokens than one deployment has in use. */
const MAX_ENTRIES = 10_000;

/**
 * `api_tokens` with the lookup authentication makes on every request kept in memory
 * briefly, so a busy caller is not read from PostgreSQL each time. A digest nobody holds
 * is not remembered: a new token works on every replica as soon as it is created.
 *
 * A revocation holds at the token's next request on every replica: revoking returns once
 * the announcement is stored in the stream, and each lookup first makes a round trip to
 * NATS (`caughtUp`, a ping, far cheaper than the query it replaces), after which every
 * announcement published before the request has reached this replica and been applied.
 */
@Injectable()
export class CachedApiTokenStore extends ApiTokenStore {
  private readonly byDigest: BusInvalidatedCache<string, ApiToken | undefined>;

  constructor(
    @Inject(PostgresApiTokenStore) private readonly stored: ApiTokenStore,
    @Inject(MessageBus) private readonly bus: TokenBus,
    clock: Clock,
  ) {
    super();
    this.byDigest = new BusInvalidatedCache(bus, {
      trustMs: TRUST_MS,
      maxEntries: MAX_ENTRIES,
      now: () => clock.now().getTime(),
    });
  }

  async findByDigest(digest: Buffer): Promise<ApiToken | undefined> {
    await this.bus.caughtUp();
    return this.byDigest.get(
      digest.toString('base64'),
      () => this.stored.findByDigest(digest),
      (token) => token !== undefined,
    );
  }

  findActive(name: string, tx?: Transaction): Promise<ApiToken | undefined> {
    return this.stored.findActive(name, tx);
  }

  insert(token: ApiToken, tx?: Transaction): Promise<void> {
    return this.stored.insert(token, tx);
  }

  async revoke(name: string, revokedBy: string, at: Date, tx?: Transaction): Promise<ApiToken | undefined> {
    const revoked = await this.stored.revoke(name, revokedBy, at, tx);
    this.forgetAll();
    return revoked;
  }

  list(options: { includeRevoked: boolean }): Promise<ApiToken[]> {
    return this.stored.list(options);
  }

  /**
   * Forgets every token (one was revoked, here or on another replica): revocations are
   * rare, and each caller's next request reads its token again.
   */
  forgetAll(): void {
    this.byDigest.clear();
  }
}
