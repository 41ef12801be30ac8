/**
 * NATS refuses a message larger than the server's `max_payload` (1 MiB unless configured
 * otherwise; the outbox refuses such an event before it is stored). Items sent together
 * are cut so that each part's JSON is at most this many bytes: half the default limit,
 * which leaves room for the envelope or reply around them and the headers.
 */
export const MESSAGE_BATCH_MAX_BYTES = 512 * 1024;

/** `items` in order, cut into runs whose JSON (UTF-8) fits in `maxBytes` (an item larger than that on its own). */
export function batchesForMessages<T>(items: readonly T[], maxBytes = MESSAGE_BATCH_MAX_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    // The comma between array items counts too.
    const length = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && bytes + length > maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
