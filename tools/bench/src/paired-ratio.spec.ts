import type { LoadResult } from './load';
import { describePairedRatio, median, pairedRatios } from './paired-ratio';

const row = (concurrency: number, callsPerSecond: number, p50Ms: number): LoadResult => ({
  concurrency,
  calls: callsPerSecond * 5,
  callsPerSecond,
  errors: 0,
  p50Ms,
  p95Ms: p50Ms * 2,
  p99Ms: p50Ms * 3,
});

describe('paired ratios', () => {
  it('should compare each row with the echo row measured before it, by concurrency', () => {
    const echo = [row(1, 500, 2), row(1, 400, 2.5), row(16, 1000, 12), row(16, 800, 15), row(16, 1000, 14)];
    const measured = [row(1, 200, 4), row(1, 200, 5), row(16, 450, 30), row(16, 400, 33), row(16, 470, 31)];

    const ratios = pairedRatios(measured, echo);

    expect(ratios).toEqual([
      { concurrency: 1, throughput: [0.4, 0.5], p50DeltaMs: [2, 2.5] },
      { concurrency: 16, throughput: [0.45, 0.5, 0.47], p50DeltaMs: [18, 18, 17] },
    ]);
    expect(describePairedRatio(ratios[1] as (typeof ratios)[number])).toBe(
      'concurrency 16: list_guests/echo throughput 0.47× (rounds 0.45×, 0.50×, 0.47×), ' +
        'p50 = echo +18.00 ms (rounds +18.00 ms, +18.00 ms, +17.00 ms)',
    );
  });

  it('should refuse rows that have no echo row of their concurrency', () => {
    expect(() => pairedRatios([row(16, 450, 30)], [row(1, 500, 2)])).toThrow(
      'row 0: no echo row at concurrency 16 to compare it with',
    );
  });

  it('should take the middle value, or the mean of the two middle ones', () => {
    expect(median([0.53, 0.43, 0.45])).toBe(0.45);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
