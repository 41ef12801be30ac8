import { Controller } from '@nestjs/common';
import { OnEvent } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { CachedApiTokenStore } from './cached-api-token.store';

/**
 * Every replica hears each revocation as it is announced (whichever replica or console
 * made it) and forgets the tokens it remembered, so the revoked one is refused at its
 * next request on any replica.
 */
@Controller()
export class TokenRevocationsHandler {
  constructor(private readonly tokens: CachedApiTokenStore) {}

  @OnEvent(Subjects.mcpTokenRevoked, { everyReplica: true })
  revoked(): void {
    this.tokens.forgetAll();
  }
}
