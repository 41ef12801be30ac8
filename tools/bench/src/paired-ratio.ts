import type { LoadResult } from './load';

/**
 * One concurrency's `list_guests` rows, each against the echo row measured right before
 * it. The machine's speed drifts by more than the changes worth measuring (a tenth
 * either way between runs minutes apart), so a ratio is taken round by round and the
 * median reported.
 */
export interface PairedRatio {
  concurrency: number;
  /** list_guests calls/s ÷ echo calls/s, one per round. */
  throughput: number[];
  /** list_guests p50 − echo p50 in ms, one per round. */
  p50DeltaMs: number[];
}

/** Pairs `measured[i]` with `floor[i]` (same concurrency, measured just before), grouped by concurrency. */
export function pairedRatios(measured: readonly LoadResult[], floor: readonly LoadResult[]): PairedRatio[] {
  const byConcurrency = new Map<number, PairedRatio>();
  measured.forEach((row, index) => {
    const echo = floor[index];
    if (!echo || echo.concurrency !== row.concurrency) {
      throw new Error(`row ${index}: no echo row at concurrency ${row.concurrency} to compare it with`);
    }
    const ratio = byConcurrency.get(row.concurrency) ?? {
      concurrency: row.concurrency,
      throughput: [],
      p50DeltaMs: [],
    };
    ratio.throughput.push(row.callsPerSecond / echo.callsPerSecond);
    ratio.p50DeltaMs.push(row.p50Ms - echo.p50Ms);
    byConcurrency.set(row.concurrency, ratio);
  });
  return [...byConcurrency.values()];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** "concurrency 16: list_guests/echo throughput 0.45× (0.43×, 0.45×, 0.47×), p50 = echo +2.29 ms (…)" */
export function describePairedRatio(ratio: PairedRatio): string {
  const times = (value: number) => `${value.toFixed(2)}×`;
  const plus = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)} ms`;
  const rounds = <T>(values: readonly T[], show: (value: T) => string) =>
    values.length > 1 ? ` (rounds ${values.map(show).join(', ')})` : '';
  return (
    `concurrency ${String(ratio.concurrency).padStart(2)}: list_guests/echo throughput ` +
    `${times(median(ratio.throughput))}${rounds(ratio.throughput, times)}, ` +
    `p50 = echo ${plus(median(ratio.p50DeltaMs))}${rounds(ratio.p50DeltaMs, plus)}`
  );
}
