import { PveClient } from './pve-client';

describe(`${PveClient.name} options`, () => {
  const valid = { baseUrl: 'https://pve1.example:8006', tokenId: 'root@pam!mpc', tokenSecret: 'secret' };

  it('should accept a valid configuration', async () => {
    await expect(new PveClient(valid).close()).resolves.toBeUndefined();
  });

  it('should refuse a base URL that is not http or https', () => {
    expect(() => new PveClient({ ...valid, baseUrl: 'ftp://pve1.example' })).toThrow(
      /baseUrl must be http\(s\)/,
    );
  });

  it('should refuse a token id that is not user@realm!tokenname', () => {
    expect(() => new PveClient({ ...valid, tokenId: 'root@pam' })).toThrow(/tokenId must look like/);
  });

  it('should refuse a secret that could break out of the header, without echoing it', () => {
    expect(() => new PveClient({ ...valid, tokenSecret: 'abc\r\nX-Injected: 1' })).toThrow(
      'PveClient: tokenSecret must be non-empty printable text',
    );
  });
});

describe(`${PveClient.name} auth options`, () => {
  const baseUrl = 'https://pve1.example:8006';

  it('should accept a token given as auth', async () => {
    const sut = new PveClient({
      baseUrl,
      auth: { kind: 'token', tokenId: 'root@pam!mpc', secret: 'secret' },
    });

    await expect(sut.login()).resolves.toBe('root@pam!mpc');
    await sut.close();
  });

  it('should accept a user and password for ticket auth without logging in yet', async () => {
    await expect(
      new PveClient({ baseUrl, auth: { kind: 'ticket', username: 'ops@pve', password: 'pw' } }).close(),
    ).resolves.toBeUndefined();
  });

  it('should refuse auth together with tokenId/tokenSecret', () => {
    expect(
      () =>
        new PveClient({
          baseUrl,
          tokenId: 'root@pam!mpc',
          tokenSecret: 'secret',
          auth: { kind: 'token', tokenId: 'root@pam!mpc', secret: 'secret' },
        }),
    ).toThrow('PveClient: give either auth or tokenId/tokenSecret, not both');
  });

  it('should refuse a client without credentials', () => {
    expect(() => new PveClient({ baseUrl })).toThrow('PveClient: auth (token or ticket) is required');
  });

  it('should refuse an empty password', () => {
    expect(
      () => new PveClient({ baseUrl, auth: { kind: 'ticket', username: 'ops@pve', password: '' } }),
    ).toThrow('PveClient: password must not be empty');
  });

  it('should refuse a concurrency cap below 1', () => {
    expect(
      () => new PveClient({ baseUrl, tokenId: 'root@pam!mpc', tokenSecret: 's', maxConcurrency: 0 }),
    ).toThrow(/maxConcurrency/);
  });

  it('should report a closed circuit before any call, also with the breaker turned off', async () => {
    const sut = new PveClient({ baseUrl, tokenId: 'root@pam!mpc', tokenSecret: 's', circuitBreaker: false });

    expect(sut.circuitState).toBe('closed');
    await sut.close();
  });
});
