import type { AccessGrant } from './access-policy';
import { CallLimiter } from './call-limiter';

const grant = (actorId: string, rateLimitPerMinute?: number): AccessGrant => ({
  actorId,
  scopes: ['read'],
  nodes: [],
  guests: [],
  tools: [],
  ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}),
});

describe('CallLimiter', () => {
  let now: number;
  let limiter: CallLimiter;
  const settings = {
    MCP_RATE_LIMIT_PER_MINUTE: 6,
    MCP_TOOL_RATE_LIMITS: { iac_apply: 1 },
    MCP_MAX_CONCURRENT_CALLS: 2,
  };

  beforeEach(() => {
    now = 1_000_000;
    limiter = new CallLimiter(settings, () => now);
  });
  afterEach(() => limiter.close());

  it('should pass a burst up to the limit, then say when the next call may start', () => {
    for (let call = 0; call < 6; call += 1)
      expect(limiter.admit(grant('token:a'), 'list_nodes')).toBeUndefined();

    expect(limiter.admit(grant('token:a'), 'list_nodes')).toEqual({
      reason: 'rate limit: token:a may make 6 tool calls a minute; retry after 10 s',
      retryAfterSeconds: 10,
    });
    now += 10_000;
    expect(limiter.admit(grant('token:a'), 'list_nodes')).toBeUndefined();
    expect(limiter.admit(grant('token:a'), 'list_nodes')).toBeDefined();
  });

  it("should keep callers apart and honour a token's own limit", () => {
    expect(limiter.admit(grant('token:slow', 1), 'list_nodes')).toBeUndefined();
    expect(limiter.admit(grant('token:slow', 1), 'list_nodes')?.retryAfterSeconds).toBe(60);
    expect(limiter.admit(grant('token:other'), 'list_nodes')).toBeUndefined();
  });

  it('should limit a tool on its own without spending the caller limit on a refusal', () => {
    expect(limiter.admit(grant('token:a'), 'iac_apply')).toBeUndefined();
    expect(limiter.admit(grant('token:a'), 'iac_apply')?.reason).toBe(
      'rate limit: token:a may make 1 iac_apply calls a minute; retry after 60 s',
    );
    // 1 + 5 other calls: the refused iac_apply took nothing from the caller's 6.
    for (let call = 0; call < 5; call += 1)
      expect(limiter.admit(grant('token:a'), 'list_nodes')).toBeUndefined();
    expect(limiter.admit(grant('token:a'), 'list_nodes')).toBeDefined();
  });

  it('should cap the calls a caller has running and free a slot once, on release', () => {
    const first = limiter.begin(grant('token:a'));
    const second = limiter.begin(grant('token:a'));
    expect(limiter.begin(grant('token:a'))).toEqual({
      reason: 'token:a already has 2 calls running (at most 2); retry when one ends',
      retryAfterSeconds: 1,
    });
    if (!('release' in first) || !('release' in second)) throw new Error('expected two slots');
    first.release();
    first.release();
    expect('release' in limiter.begin(grant('token:a'))).toBe(true);
    expect('release' in limiter.begin(grant('token:a'))).toBe(false);
  });

  it('should not limit when the limits are 0', () => {
    const open = new CallLimiter({
      MCP_RATE_LIMIT_PER_MINUTE: 0,
      MCP_TOOL_RATE_LIMITS: {},
      MCP_MAX_CONCURRENT_CALLS: 0,
    });
    try {
      for (let call = 0; call < 1_000; call += 1) {
        expect(open.admit(grant('token:a'), 'list_nodes')).toBeUndefined();
        expect('release' in open.begin(grant('token:a'))).toBe(true);
      }
    } finally {
      open.close();
    }
  });
});
