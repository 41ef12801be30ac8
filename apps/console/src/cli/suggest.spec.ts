import { closest, didYouMean } from './suggest';

describe(closest.name, () => {
  it('should offer what starts with the word first, then near misses', () => {
    expect(closest('web-0', ['db-01', 'web-01', 'web-02', 'win11'])).toEqual(['web-01', 'web-02']);
    expect(closest('snyc', ['sync', 'status', 'health'])).toEqual(['sync']);
  });

  it('should offer nothing when nothing is close', () => {
    expect(closest('frobnicate', ['sync', 'status'])).toEqual([]);
    expect(didYouMean('frobnicate', ['sync'])).toBe('');
  });
});
