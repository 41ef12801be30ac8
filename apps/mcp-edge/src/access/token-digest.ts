import { createHash } from 'node:crypto';

/** How a bearer token is kept: its SHA-256 digest (tokens are random, so no salt or stretching is needed). */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
