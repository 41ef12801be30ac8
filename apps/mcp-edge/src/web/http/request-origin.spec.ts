import { isAllowedHost, isSameOrigin } from './request-origin';

describe(isSameOrigin.name, () => {
  it('should accept a form posted from a page of the same host', () => {
    expect(isSameOrigin({ host: 'mpc.lab:8080', origin: 'https://mpc.lab:8080' })).toBe(true);
    expect(isSameOrigin({ host: 'mpc.lab:8080', referer: 'http://mpc.lab:8080/ui/approvals' })).toBe(true);
  });

  it('should refuse another origin, an opaque one, or none at all', () => {
    expect(isSameOrigin({ host: 'mpc.lab:8080', origin: 'https://evil.example' })).toBe(false);
    expect(isSameOrigin({ host: 'mpc.lab:8080', origin: 'https://mpc.lab:9090' })).toBe(false);
    expect(isSameOrigin({ host: 'mpc.lab:8080', origin: 'null' })).toBe(false);
    expect(isSameOrigin({ host: 'mpc.lab:8080' })).toBe(false);
    expect(isSameOrigin({ origin: 'https://mpc.lab:8080' })).toBe(false);
  });
});

describe(isAllowedHost.name, () => {
  it('should compare the host name, whatever the port', () => {
    expect(isAllowedHost('localhost:8080', ['localhost'])).toBe(true);
    expect(isAllowedHost('[::1]:8080', ['[::1]'])).toBe(true);
    expect(isAllowedHost('rebound.example:8080', ['localhost'])).toBe(false);
    expect(isAllowedHost(undefined, ['localhost'])).toBe(false);
    expect(isAllowedHost('anything', [])).toBe(true);
  });
});
