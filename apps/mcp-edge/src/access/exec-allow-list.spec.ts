import { AccessPolicy, type AccessGrant } from './access-policy';

const GRANT: AccessGrant = { actorId: 'token:ops', scopes: ['apply'], nodes: [], guests: [], tools: [] };

describe(`${AccessPolicy.name} exec allow-list`, () => {
  const sut = (exec?: string[]) => new AccessPolicy({ ...GRANT, ...(exec ? { exec } : {}) });

  it('should allow a command whose start is an entry, with any further arguments', () => {
    const policy = sut(['uptime', 'systemctl status']);

    expect(policy.allowsExec(['uptime'])).toBe(true);
    expect(policy.allowsExec(['systemctl', 'status', 'nginx'])).toBe(true);
    expect(policy.allowsExec(['systemctl', 'restart', 'nginx'])).toBe(false);
    expect(policy.allowsExec(['systemctl'])).toBe(false);
    expect(policy.allowsExec(['uptime-and-more'])).toBe(false);
  });

  it('should refuse every command without an allow-list, naming why', () => {
    expect(() => sut().assertExec(['uptime'])).toThrow(
      'token:ops may not run "uptime" in guests: the token has no exec allow-list',
    );
    expect(() => sut(['df']).assertExec(['rm', '-rf', '/'])).toThrow(
      'token:ops may not run "rm -rf /" in guests: it is not on the exec allow-list (df)',
    );
  });
});
