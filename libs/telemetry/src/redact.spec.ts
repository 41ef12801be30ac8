import { isSecretKey, redactSecrets, REDACTED } from './redact';

describe(redactSecrets.name, () => {
  it('should redact secret-named fields at any depth and keep the rest', () => {
    const input = {
      vmid: 100,
      tokenId: 'root@pam!mpc',
      PVE_TOKEN_SECRET: 'abc',
      cloudInit: { cipassword: 'hunter2', user: 'debian' },
      headers: [{ Authorization: 'Bearer x' }],
    };
    expect(redactSecrets(input)).toEqual({
      vmid: 100,
      tokenId: 'root@pam!mpc',
      PVE_TOKEN_SECRET: REDACTED,
      cloudInit: { cipassword: REDACTED, user: 'debian' },
      headers: [{ Authorization: REDACTED }],
    });
  });

  it('should not change its input', () => {
    const input = { nested: [{ password: 'x' }] };
    redactSecrets(input);
    expect(input).toEqual({ nested: [{ password: 'x' }] });
  });

  it('should return a value without secrets as it is, and share what holds none', () => {
    const clean = { guest: { vmid: 100, tags: ['web'] }, when: new Date(0) };
    const mixed = { ...clean, token: 't', list: [{ a: 1 }, { secret: 's' }] };

    const redacted = redactSecrets(mixed);

    expect(redactSecrets(clean)).toBe(clean);
    expect(redacted).toEqual({ ...clean, token: REDACTED, list: [{ a: 1 }, { secret: REDACTED }] });
    expect(redacted.guest).toBe(clean.guest);
    expect(redacted.when).toBe(clean.when);
    expect(redacted.list[0]).toBe(mixed.list[0]);
  });
});

describe(isSecretKey.name, () => {
  it.each([
    'password',
    'bearer_token',
    'MCP_BEARER_TOKEN',
    'CSRFPreventionToken',
    'api-key',
    'cookie',
    'clientSecret',
  ])('should treat %s as secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['tokenId', 'vmid', 'name', 'description', 'tokens_used_count'])(
    'should not treat %s as secret',
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});
