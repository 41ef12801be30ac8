import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventOutbox, HandlerError } from '@proxmox-mpc/bus';
import { API_TOKEN_PREFIX, Subjects, type Origin, type TokenSummary } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { Clock } from '@proxmox-mpc/service-runtime';
import type { Scope } from '../access/access-policy';
import { StaticTokens } from '../access/static-tokens';
import { tokenDigest } from '../access/token-digest';
import { ApiToken, summaryOf } from './api-token.entity';
import { ApiTokenStore } from './api-token.store';
import { operatorOrigin } from './operator-origin';

/** What an operator asks for (validated at the edge). */
export interface CreateApiToken {
  name: string;
  scopes: Scope[];
  nodes: string[];
  guests: string[];
  tools: string[];
  /** Command prefixes the token may run in guests; none when absent. */
  exec?: string[];
  rateLimitPerMinute?: number;
  expiresAt?: Date;
  createdBy: string;
  /**
   * The digest of a secret the operator's own client made (the console over the bus): the
   * secret then never reaches mcp-edge, and none is returned.
   */
  digest?: Buffer;
  /** The command that asked, when it came over the bus: the announcement follows from it. */
  origin?: Origin;
}

/**
 * Creates an API token: the secret is generated here and returned once (unless the
 * caller brought only its digest); only the digest is stored, and the creation is
 * announced (without the secret) in the same transaction. A name in use by an active
 * token, or by one from the deployment's configuration, is refused.
 */
@Injectable()
export class CreateApiTokenUseCase {
  constructor(
    private readonly tokens: ApiTokenStore,
    private readonly staticTokens: StaticTokens,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async execute(request: CreateApiToken): Promise<{ token?: string; summary: TokenSummary }> {
    const { name, createdBy, rateLimitPerMinute, expiresAt, digest, origin, exec, ...grant } = request;
    if (this.staticTokens.has(name)) {
      throw new HandlerError(
        'CONFLICT',
        `"${name}" is a token from the deployment's configuration; choose another name`,
        false,
      );
    }
    const secret = digest ? undefined : `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const summary = await this.transactions.run(async (tx) => {
      if (await this.tokens.findActive(name, tx)) {
        throw new HandlerError('CONFLICT', `a token named "${name}" exists; revoke it first`, false);
      }
      const token = Object.assign(new ApiToken(), {
        id: randomUUID(),
        name,
        digest: digest ?? tokenDigest(secret as string),
        ...grant,
        exec: exec ?? [],
        rateLimitPerMinute: rateLimitPerMinute ?? null,
        expiresAt: expiresAt ?? null,
        createdAt: this.clock.now(),
        createdBy,
        revokedAt: null,
        revokedBy: null,
      });
      await this.tokens.insert(token, tx);
      const created = summaryOf(token);
      await this.outbox.add(tx, Subjects.mcpTokenCreated, created, origin ?? operatorOrigin(createdBy));
      return created;
    });
    await this.outbox.flush();
    return { ...(secret ? { token: secret } : {}), summary };
  }
}
