import { Injectable } from '@nestjs/common';
import { EventOutbox, HandlerError } from '@proxmox-mpc/bus';
import { Subjects, type Origin, type TokenSummary } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { Clock } from '@proxmox-mpc/service-runtime';
import { summaryOf } from './api-token.entity';
import { ApiTokenStore } from './api-token.store';
import { operatorOrigin } from './operator-origin';

/**
 * Revokes the active token of that name and announces it in the same transaction. Every
 * replica forgets the tokens it remembered when the announcement reaches it
 * (TokenRevocationsHandler), so the token stops working at its next use.
 */
@Injectable()
export class RevokeApiTokenUseCase {
  constructor(
    private readonly tokens: ApiTokenStore,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  /** `origin`: the command that asked, when it came over the bus. */
  async execute({
    name,
    revokedBy,
    origin,
  }: {
    name: string;
    revokedBy: string;
    origin?: Origin;
  }): Promise<TokenSummary> {
    const summary = await this.transactions.run(async (tx) => {
      const token = await this.tokens.revoke(name, revokedBy, this.clock.now(), tx);
      if (!token) throw new HandlerError('NOT_FOUND', `no active token named "${name}"`, false);
      const revoked = summaryOf(token);
      await this.outbox.add(tx, Subjects.mcpTokenRevoked, revoked, origin ?? operatorOrigin(revokedBy));
      return revoked;
    });
    await this.outbox.flush();
    return summary;
  }
}
