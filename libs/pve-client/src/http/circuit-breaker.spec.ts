import { PveApiError } from '../errors/pve-api-error';
import { CircuitBreaker, type CircuitChange, countsAgainstTarget } from './circuit-breaker';

describe(CircuitBreaker.name, () => {
  let now = 0;
  let changes: CircuitChange[];
  let sut: CircuitBreaker;

  beforeEach(() => {
    now = 1_000_000;
    changes = [];
    sut = new CircuitBreaker(
      { failureThreshold: 3, cooldownMs: 5_000 },
      (change) => changes.push(change),
      () => now,
    );
  });

  function fail(times: number): void {
    for (let index = 0; index < times; index++) {
      sut.admit('GET /nodes');
      sut.recordFailure(true);
    }
  }

  it('should stay closed below the threshold', () => {
    fail(2);

    expect(sut.state).toBe('closed');
  });

  it('should open after the threshold of consecutive failures and refuse calls with CIRCUIT_OPEN', () => {
    fail(3);

    expect(sut.state).toBe('open');
    expect(() => sut.admit('GET /nodes')).toThrow(
      expect.objectContaining({ code: 'CIRCUIT_OPEN', retryable: true, retryAfterMs: 5_000 }),
    );
  });

  it('should say when it will let a call through again', () => {
    fail(3);
    now += 2_000;

    expect(() => sut.admit('GET /nodes')).toThrow(
      /GET \/nodes: not sent, the circuit .* is open after 3 consecutive failures; the next call may try at .* \(in 3000 ms\)/,
    );
  });

  it('should count a success as the end of a failure streak', () => {
    fail(2);
    sut.admit('GET /nodes');
    sut.recordSuccess();
    fail(2);

    expect(sut.state).toBe('closed');
  });

  it('should let one probe through after the cool-down and close on its success', () => {
    fail(3);
    now += 5_000;

    sut.admit('GET /nodes');

    expect(sut.state).toBe('half-open');
    expect(() => sut.admit('GET /version')).toThrow(expect.objectContaining({ code: 'CIRCUIT_OPEN' }));
    sut.recordSuccess();
    expect(sut.state).toBe('closed');
    expect(changes.map((change) => `${change.from}->${change.to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->closed',
    ]);
  });

  it('should open again for another cool-down when the probe fails', () => {
    fail(3);
    now += 5_000;
    sut.admit('GET /nodes');
    sut.recordFailure(true);

    expect(sut.state).toBe('open');
    expect(() => sut.admit('GET /nodes')).toThrow(expect.objectContaining({ retryAfterMs: 5_000 }));
  });

  it('should free the probe slot when the probe is abandoned', () => {
    fail(3);
    now += 5_000;
    sut.admit('GET /nodes');
    sut.release();

    expect(() => sut.admit('GET /nodes')).not.toThrow();
  });

  it('should refuse a threshold below 1', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
  });
});

describe(countsAgainstTarget.name, () => {
  it.each([
    ['a timeout', new PveApiError({ code: 'TIMEOUT', message: 'x' }), true],
    ['a refused connection', new PveApiError({ code: 'UNREACHABLE', message: 'x' }), true],
    ['a 503', new PveApiError({ code: 'UNREACHABLE', status: 503, message: 'x' }), true],
    ['a bare 500', new PveApiError({ code: 'SERVER_ERROR', status: 500, message: 'x' }), true],
    [
      'a 500 with PVE’s reason',
      new PveApiError({ code: 'SERVER_ERROR', status: 500, reasonGiven: true, message: 'x' }),
      false,
    ],
    [
      'a 595 for a node behind the target',
      new PveApiError({ code: 'UNREACHABLE', status: 595, message: 'x' }),
      false,
    ],
    ['a 403', new PveApiError({ code: 'FORBIDDEN', status: 403, message: 'x' }), false],
  ])('should decide whether %s counts against the target', (_case, error, expected) => {
    expect(countsAgainstTarget(error)).toBe(expected);
  });
});
