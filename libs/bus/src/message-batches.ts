/**
 * NATS refuses a message larger than the server's `max_payload` (1 MiB unless configured
 * otherwise; the outbox refuses such an event before it is stored). Items sent together
 * are cut so that each part's JSON is at most this many UTF-16 code units: a quarter of
 * the limit, which leaves room for UTF-8 (at most three bytes a unit), the envelope and
 * its headers.
 */
export const MESSAGE_BATCH_MAX_CHARS = 256 * 1024;

/** `items` in order, cut into runs whose JSON fits in `maxChars` (an item larger than that on its own). */
export function batchesForMessages<T>(items: readonly T[], maxChars = MESSAGE_BATCH_MAX_CHARS): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const item of items) {
    // The comma between array items counts too.
    const length = JSON.stringify(item).length + 1;
    if (current.length > 0 && chars + length > maxChars) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
