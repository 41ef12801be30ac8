import { createHash } from 'node:crypto';

/** SHA-256 in hex of the parts, each followed by a separator, so ("ab", "c") ≠ ("a", "bc"). */
export function contentHash(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}
