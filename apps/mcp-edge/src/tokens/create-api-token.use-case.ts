import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventOutbox, HandlerError } from '@proxmox-mpc/bus';
import { Subjects, type TokenSummary } from '@proxmox-mpc/contracts';
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
  rateLimitPerMinute?: number;
  expiresAt?: Date;
  createdBy: string;
}

// The prefix makes a leaked token easy to recognise (and to grep for) in logs and code.
const TOKEN_PREFIX = 'mpc_';

/**
 * Creates an API token: the secret is generated here and returned once; only its digest
 * is stored, and the creation is announced (without the secret) in the same transaction.
 * A name in use by an active token, or by one from the deployment's configuration, is
 * refused.
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

  async execute(request: CreateApiToken): Promise<{ token: string; summary: TokenSummary }> {
    const { name, createdBy, rateLimitPerMinute, expiresAt, ...grant } = request;
    if (this.staticTokens.has(name)) {
      throw new HandlerError(
        'CONFLICT',
        `"${name}" is a token from the deployment's configuration; choose another name`,
        false,
      );
    }
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const summary = await this.transactions.run(async (tx) => {
      if (await this.tokens.findActive(name, tx)) {
        throw new HandlerError('CONFLICT', `a token named "${name}" exists; revoke it first`, false);
      }
      const token = Object.assign(new ApiToken(), {
        id: randomUUID(),
        name,
        digest: tokenDigest(secret),
        ...grant,
        rateLimitPerMinute: rateLimitPerMinute ?? null,
        expiresAt: expiresAt ?? null,
        createdAt: this.clock.now(),
        createdBy,
        revokedAt: null,
        revokedBy: null,
      });
      await this.tokens.insert(token, tx);
      const created = summaryOf(token);
      await this.outbox.add(tx, Subjects.mcpTokenCreated, created, operatorOrigin(createdBy));
      return created;
    });
    await this.outbox.flush();
    return { token: secret, summary };
  }
}
