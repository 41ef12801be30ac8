import { backoffDelayMs } from './backoff';

describe(backoffDelayMs.name, () => {
  it('should double the upper bound with every attempt', () => {
    expect([0, 1, 2].map((attempt) => backoffDelayMs(attempt, () => 1))).toEqual([250, 500, 1000]);
  });

  it('should never wait longer than five seconds', () => {
    expect(backoffDelayMs(20, () => 1)).toBe(5_000);
  });

  it('should pick a random delay below the bound', () => {
    expect(backoffDelayMs(2, () => 0.5)).toBe(500);
  });
});
