import type { AccessGrant } from './access-policy';

/**
 * Who a request is from, or why it is refused: `error` is the RFC 6750 code its
 * `WWW-Authenticate` challenge carries (and `scope` the one to ask for on insufficient_scope).
 */
export type Authentication =
  | { grant: AccessGrant }
  | { refusal: string; error: 'invalid_token' | 'insufficient_scope' | 'server_error'; scope?: string };

/** A known token: the grant it carries and whether it may still be used. */
export interface StoredToken {
  grant: AccessGrant;
  expiresAt?: Date;
  revokedAt?: Date;
}
