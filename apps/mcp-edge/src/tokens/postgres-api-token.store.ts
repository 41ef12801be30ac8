import { Injectable } from '@nestjs/common';
import { managerOf, type Transaction } from '@proxmox-mpc/persistence';
import { DataSource, IsNull } from 'typeorm';
import { ApiToken } from './api-token.entity';
import { ApiTokenStore } from './api-token.store';

@Injectable()
export class PostgresApiTokenStore extends ApiTokenStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async findByDigest(digest: Buffer): Promise<ApiToken | undefined> {
    return (await this.tokens().findOneBy({ digest })) ?? undefined;
  }

  async findActive(name: string, tx?: Transaction): Promise<ApiToken | undefined> {
    return (await this.tokens(tx).findOneBy({ name, revokedAt: IsNull() })) ?? undefined;
  }

  async insert(token: ApiToken, tx?: Transaction): Promise<void> {
    await this.tokens(tx).insert(token);
  }

  async revoke(name: string, revokedBy: string, at: Date, tx?: Transaction): Promise<ApiToken | undefined> {
    const tokens = this.tokens(tx);
    // Locked inside the caller's transaction, so two revocations cannot both record theirs.
    const token = await tokens.findOne({
      where: { name, revokedAt: IsNull() },
      ...(tx ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!token) return undefined;
    token.revokedAt = at;
    token.revokedBy = revokedBy;
    await tokens.update({ id: token.id }, { revokedAt: at, revokedBy });
    return token;
  }

  list({ includeRevoked }: { includeRevoked: boolean }): Promise<ApiToken[]> {
    return this.tokens().find({
      where: includeRevoked ? {} : { revokedAt: IsNull() },
      order: { name: 'ASC', createdAt: 'ASC' },
    });
  }

  private tokens(tx?: Transaction) {
    return managerOf(this.dataSource, tx).getRepository(ApiToken);
  }
}
