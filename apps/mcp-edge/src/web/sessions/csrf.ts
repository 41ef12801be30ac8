import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An unguessable value for a cookie or a form: 256 random bits. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How a session id is kept: its SHA-256, so the table holds nothing a browser could present. */
export function sessionDigest(sessionId: string): Buffer {
  return createHash('sha256').update(sessionId, 'utf8').digest();
}

/** Whether a form carried the session's synchronizer token, compared in constant time. */
export function csrfMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
