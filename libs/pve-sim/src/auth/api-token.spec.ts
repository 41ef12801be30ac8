import { extractAuthValue, splitTokenValue } from './api-token';

describe(extractAuthValue.name, () => {
  it('should read the value after the key', () => {
    expect(extractAuthValue('PVEAPIToken=root@pam!mpc=secret', 'PVEAPIToken')).toBe('root@pam!mpc=secret');
  });

  it('should URI-unescape the value, as PVE does', () => {
    expect(extractAuthValue('PVEAPIToken=root%40pam%21mpc=s', 'PVEAPIToken')).toBe('root@pam!mpc=s');
  });

  it('should find a key after other cookies', () => {
    expect(extractAuthValue('lang=en; PVEAuthCookie=PVE:a@pve:1::x; other=1', 'PVEAuthCookie')).toBe(
      'PVE:a@pve:1::x',
    );
  });

  it('should find nothing for another scheme', () => {
    expect(extractAuthValue('Bearer abc', 'PVEAPIToken')).toBeUndefined();
  });
});

describe(splitTokenValue.name, () => {
  it('should split at the last "=", as verify_token does', () => {
    expect(splitTokenValue('a@pve!t=x=y')).toEqual({ tokenId: 'a@pve!t=x', secret: 'y' });
  });

  it('should refuse a value without a secret', () => {
    expect(splitTokenValue('root@pam!mpc')).toBeUndefined();
  });
});
