import { PveApiError } from '../errors/pve-api-error';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitChange {
  readonly from: CircuitState;
  readonly to: CircuitState;
  /** Consecutive failures counted when it changed. */
  readonly failures: number;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 5. */
  readonly failureThreshold?: number;
  /** How long it stays open before one probe call may pass; default 30_000. */
  readonly cooldownMs?: number;
}

// Five failures in a row is past a retry's worth of bad luck; 30 s lets pveproxy restart
// or a load balancer fail over before the first probe.
const DEFAULT_FAILURE_THRESHOLD = 5;
const DEFAULT_COOLDOWN_MS = 30_000;

/**
 * A circuit breaker for one target: after `failureThreshold` consecutive failures
 * that mean the target is not answering (no connection, timeouts, 5xx the error
 * mapping calls retryable), calls fail at once with CIRCUIT_OPEN. After the
 * cool-down one probe call goes through (half-open): success closes the circuit,
 * failure opens it for another cool-down.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #onChange: ((change: CircuitChange) => void) | undefined;
  readonly #now: () => number;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(
    options: CircuitBreakerOptions = {},
    onChange?: (change: CircuitChange) => void,
    now: () => number = Date.now,
  ) {
    this.#threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
    this.#cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    if (!Number.isInteger(this.#threshold) || this.#threshold < 1) {
      throw new TypeError('PveClient: circuitBreaker.failureThreshold must be an integer >= 1');
    }
    if (!(this.#cooldownMs >= 0)) throw new TypeError('PveClient: circuitBreaker.cooldownMs must be >= 0');
    this.#onChange = onChange;
    this.#now = now;
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** Lets the call through, or throws CIRCUIT_OPEN. A call let through must report its outcome. */
  admit(label: string): void {
    if (this.#state === 'closed') return;
    const waitMs = this.#openedAt + this.#cooldownMs - this.#now();
    if (this.#state === 'open' && waitMs <= 0) {
      this.#transition('half-open');
    }
    if (this.#state === 'half-open' && !this.#probing) {
      this.#probing = true;
      return;
    }
    const retryAfterMs = Math.max(0, waitMs);
    const retryAt = new Date(this.#now() + retryAfterMs).toISOString();
    throw new PveApiError({
      code: 'CIRCUIT_OPEN',
      message:
        `${label}: not sent, the circuit to this Proxmox VE target is open after ${this.#failures} ` +
        `consecutive failures; ${this.#state === 'half-open' ? 'a probe call is under way' : `the next call may try at ${retryAt} (in ${retryAfterMs} ms)`}`,
      retryAfterMs,
    });
  }

  /** The target answered (whatever it said). */
  recordSuccess(): void {
    this.#probing = false;
    this.#failures = 0;
    if (this.#state !== 'closed') this.#transition('closed');
  }

  /** The target did not answer usefully; `counts` says whether this failure is the target's. */
  recordFailure(counts: boolean): void {
    if (!counts) {
      this.recordSuccess();
      return;
    }
    this.#failures += 1;
    if (this.#state === 'half-open' || (this.#state === 'closed' && this.#failures >= this.#threshold)) {
      this.#probing = false;
      this.#openedAt = this.#now();
      this.#transition('open');
    }
  }

  /** A call that was let through ended without an outcome for the target (the caller aborted it). */
  release(): void {
    this.#probing = false;
  }

  #transition(to: CircuitState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#onChange?.({ from, to, failures: this.#failures });
  }
}

/**
 * Failures that say the target is not answering: no connection, a timeout, a 5xx
 * the error mapping calls retryable. A 595/596 is not one: the target answered that a
 * node behind it is unreachable.
 */
export function countsAgainstTarget(error: unknown): boolean {
  if (!(error instanceof PveApiError) || !error.retryable || error.code === 'CIRCUIT_OPEN') return false;
  return error.status !== 595 && error.status !== 596;
}
