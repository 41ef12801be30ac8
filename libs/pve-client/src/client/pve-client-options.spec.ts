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
