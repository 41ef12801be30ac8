import { Injectable } from '@nestjs/common';
import type { TokenSummary } from '@proxmox-mpc/contracts';
import { summaryOf } from './api-token.entity';
import { ApiTokenStore } from './api-token.store';

/** The tokens operators created: the active ones, or all of them. */
@Injectable()
export class ListApiTokensUseCase {
  constructor(private readonly tokens: ApiTokenStore) {}

  async execute({ includeRevoked }: { includeRevoked: boolean }): Promise<TokenSummary[]> {
    return (await this.tokens.list({ includeRevoked })).map(summaryOf);
  }
}
