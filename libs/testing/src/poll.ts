/**
 * Calls `probe` until `done` accepts what it returns or `timeoutMs` has passed, and
 * returns the last result either way: for state another process reaches in its own
 * time. The test asserts on the result, so a timeout fails saying what was missing.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
