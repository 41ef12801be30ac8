import type { Transaction } from '@proxmox-mpc/persistence';
import type { ApiToken } from './api-token.entity';

/** Every read and write of `api_tokens`. */
export abstract class ApiTokenStore {
  abstract findByDigest(digest: Buffer): Promise<ApiToken | undefined>;

  /** The token named `name` that is not revoked, if any. */
  abstract findActive(name: string, tx?: Transaction): Promise<ApiToken | undefined>;

  abstract insert(token: ApiToken, tx?: Transaction): Promise<void>;

  /** Marks the active token named `name` revoked; undefined when there is none. */
  abstract revoke(name: string, revokedBy: string, at: Date, tx?: Transaction): Promise<ApiToken | undefined>;

  /** By name, then creation time. */
  abstract list(options: { includeRevoked: boolean }): Promise<ApiToken[]>;
}
