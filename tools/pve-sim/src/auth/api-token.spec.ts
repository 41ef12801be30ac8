import { DEFAULT_SIM_TOKEN, TokenAuthenticator } from './api-token';

describe(TokenAuthenticator.name, () => {
  const sut = new TokenAuthenticator([DEFAULT_SIM_TOKEN]);
  const header = `PVEAPIToken=${DEFAULT_SIM_TOKEN.tokenId}=${DEFAULT_SIM_TOKEN.secret}`;

  it('should accept the configured token and split its id into user and token name', () => {
    expect(sut.authenticate(header)).toEqual({
      ok: true,
      identity: { tokenId: 'root@pam!mpc', user: 'root@pam', tokenName: 'mpc' },
    });
  });

  it('should accept a URI-escaped token value, as PVE unescapes it', () => {
    expect(sut.authenticate(`PVEAPIToken=root%40pam%21mpc=${DEFAULT_SIM_TOKEN.secret}`).ok).toBe(true);
  });

  it('should report "No ticket" without an Authorization header', () => {
    expect(sut.authenticate(undefined)).toEqual({ ok: false, reason: 'No ticket' });
  });

  it('should report "No ticket" for another authorization scheme', () => {
    expect(sut.authenticate('Bearer abc')).toEqual({ ok: false, reason: 'No ticket' });
  });

  it('should report "Authentication failed!" for a value without a secret', () => {
    expect(sut.authenticate('PVEAPIToken=root@pam!mpc')).toEqual({
      ok: false,
      reason: 'Authentication failed!',
    });
  });

  it('should refuse to be configured with a malformed token id', () => {
    expect(() => new TokenAuthenticator([{ tokenId: 'root', secret: 'x' }])).toThrow(/invalid API token id/);
  });
});
