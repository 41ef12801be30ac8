import { ApiToken } from './api-token.entity';
import { ApiTokenStore } from './api-token.store';

/** `api_tokens` in an array, for unit tests of the use cases. */
export class InMemoryApiTokenStore extends ApiTokenStore {
  readonly rows: ApiToken[] = [];

  /** A copy, as PostgreSQL reads a new row each time: what a caller keeps does not change under it. */
  async findByDigest(digest: Buffer): Promise<ApiToken | undefined> {
    const found = this.rows.find((token) => token.digest.equals(digest));
    return found && Object.assign(new ApiToken(), found);
  }

  async findActive(name: string): Promise<ApiToken | undefined> {
    return this.rows.find((token) => token.name === name && token.revokedAt === null);
  }

  async insert(token: ApiToken): Promise<void> {
    this.rows.push(Object.assign(new ApiToken(), token));
  }

  async revoke(name: string, revokedBy: string, at: Date): Promise<ApiToken | undefined> {
    const token = await this.findActive(name);
    if (!token) return undefined;
    token.revokedAt = at;
    token.revokedBy = revokedBy;
    return token;
  }

  async list({ includeRevoked }: { includeRevoked: boolean }): Promise<ApiToken[]> {
    return this.rows
      .filter((token) => includeRevoked || token.revokedAt === null)
      .sort((a, b) => a.name.localeCompare(b.name) || a.createdAt.getTime() - b.createdAt.getTime());
  }
}
