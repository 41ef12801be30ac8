import {
  globToLikePattern,
  matchesGuestSelector,
  matchesNodeSelector,
  parseGuestSelector,
} from './guest-selector';

describe('guest selectors', () => {
  const web = { vmid: 101, node: 'pve2', name: 'web-01' };

  it('should take a selector apart into a VMID or node and name globs', () => {
    expect(parseGuestSelector('101')).toEqual({ vmid: 101 });
    expect(parseGuestSelector('web-*')).toEqual({ name: 'web-*' });
    expect(parseGuestSelector('pve?/web-01')).toEqual({ node: 'pve?', name: 'web-01' });
  });

  it.each([
    ['101', true],
    ['102', false],
    ['web-01', true],
    ['WEB-0?', true],
    ['web', false],
    ['pve2/*', true],
    ['pve1/*', false],
    ['pve*/web-0*', true],
  ])('should match %s against pve2/web-01 (101): %s', (selector, expected) => {
    expect(matchesGuestSelector(web, selector)).toBe(expected);
  });

  it('should match node selectors with wildcards, whole names only', () => {
    expect(matchesNodeSelector('pve12', 'pve*')).toBe(true);
    expect(matchesNodeSelector('pve12', 'pve?')).toBe(false);
    expect(matchesNodeSelector('xpve1', 'pve1')).toBe(false);
  });

  it('should turn globs into LIKE patterns with LIKE wildcards escaped', () => {
    expect(globToLikePattern('web-*')).toBe('web-%');
    expect(globToLikePattern('db-0?')).toBe('db-0_');
    expect(globToLikePattern('a_b%c\\d')).toBe('a\\_b\\%c\\\\d');
  });
});
