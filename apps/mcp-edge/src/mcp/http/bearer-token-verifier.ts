import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer …` against the configured token. Only the token's
 * SHA-256 digest is kept, and digests are compared in constant time.
 */
export class BearerTokenVerifier {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  /** A reason for refusal, or undefined when the header carries the right token. */
  refuse(authorization: string | undefined): string | undefined {
    if (!authorization) return 'missing Authorization header: send "Authorization: Bearer <token>"';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) return 'the Authorization header must be "Bearer <token>"';
    return timingSafeEqual(digest(match[1]), this.expected) ? undefined : 'invalid bearer token';
  }
}
