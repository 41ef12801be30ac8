export interface LoadResult extends LatencySummary {
  concurrency: number;
  calls: number;
  callsPerSecond: number;
  errors: number;
}

export interface LatencySummary {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

export function percentileSummary(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), p99Ms: percentile(sorted, 0.99) };
}

/**
 * Runs `call` from `concurrency` workers for `durationMs` (after `warmupCalls` per
 * worker that are not counted) and summarises latency and throughput.
 */
export async function measureLoad(
  concurrency: number,
  durationMs: number,
  warmupCalls: number,
  call: (worker: number) => Promise<unknown>,
): Promise<LoadResult> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = 0; index < warmupCalls; index += 1) await call(worker);
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const before = performance.now();
        try {
          await call(worker);
          latencies.push(performance.now() - before);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    concurrency,
    calls: latencies.length,
    callsPerSecond: latencies.length / elapsedSeconds,
    errors,
    ...percentileSummary(latencies),
  };
}

export function formatTable(title: string, results: readonly LoadResult[]): string {
  const header = 'concurrency   calls   calls/s    p50 ms   p95 ms   p99 ms   errors';
  const rows = results.map((result) =>
    [
      String(result.concurrency).padStart(11),
      String(result.calls).padStart(7),
      result.callsPerSecond.toFixed(0).padStart(9),
      result.p50Ms.toFixed(2).padStart(9),
      result.p95Ms.toFixed(2).padStart(8),
      result.p99Ms.toFixed(2).padStart(8),
      String(result.errors).padStart(8),
    ].join(' '),
  );
  return [title, header, ...rows].join('\n');
}
