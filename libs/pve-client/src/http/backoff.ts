// First retry after up to 250 ms, doubling per attempt, never more than 5 s: a PVE node
// restarting pveproxy is back within seconds, and callers have their own deadlines.
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

/** "Full jitter" exponential backoff: a random delay up to the exponential bound, so retrying clients spread out. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
}
