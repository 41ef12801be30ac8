import { PveHttpError } from '../http/pve-http-error';
import type { SimulatorState } from '../state/simulator-state';
import type { FaultOptions, InjectedErrorStatus, NodeFault, TaskFailure } from './fault-options';
import { seededRandom } from './seeded-random';

const DEFAULT_SEED = 1;
const DEFAULT_ERROR_STATUSES: readonly InjectedErrorStatus[] = [500, 503];

// The reason phrases a proxy or pveproxy itself puts in the status line for these.
const ERROR_REASONS: Readonly<Record<InjectedErrorStatus, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

// AnyEvent::HTTP's statuses for a failed proxy connection, with the errno text it reports.
const NODE_FAULT_STATUS: Readonly<Record<NodeFault['kind'], { status: number; reason: string }>> = {
  offline: { status: 595, reason: 'No route to host' },
  'proxy-failure': { status: 596, reason: 'tls_process_server_certificate: certificate verify failed' },
};

/**
 * Decides, per request, which faults apply: extra latency, a server error instead
 * of the answer, no answer at all (until reset), an offline or unreachable node,
 * failing tasks. Random choices come from a seeded generator, so a run repeats.
 */
export class FaultInjector {
  readonly #state: SimulatorState;
  #options: FaultOptions = {};
  #random = seededRandom(DEFAULT_SEED);
  #pathPattern: RegExp | undefined;
  #taskFailures: TaskFailure[] = [];
  readonly #offlineByUs = new Set<string>();
  readonly #held = new Set<() => void>();

  constructor(state: SimulatorState, options: FaultOptions = {}) {
    this.#state = state;
    this.configure(options);
  }

  /** Replaces every fault with `options`; nodes taken offline before come back unless named again. */
  configure(options: FaultOptions): void {
    validate(options, this.#state);
    this.#restoreNodes();
    this.#options = options;
    this.#random = seededRandom(options.seed ?? DEFAULT_SEED);
    this.#pathPattern = options.pathPattern === undefined ? undefined : new RegExp(options.pathPattern);
    this.#taskFailures = (options.taskFailures ?? []).map((failure) => ({ ...failure }));
    for (const fault of options.nodes ?? []) {
      const node = this.#state.node(fault.node);
      if (fault.kind === 'offline' && node && node.status !== 'offline') {
        node.status = 'offline';
        this.#offlineByUs.add(node.name);
      }
    }
  }

  /** Clears every fault and lets requests held by a hang proceed. */
  reset(): void {
    this.configure({});
    this.releaseHeld();
  }

  /** What is configured now; task failures show how many are left. */
  current(): FaultOptions {
    return { ...this.#options, taskFailures: this.#taskFailures.filter((failure) => failure.count > 0) };
  }

  /** Requests waiting in a hang. */
  get heldCount(): number {
    return this.#held.size;
  }

  /**
   * Runs before an API request is handled: waits out a hang or the latency and
   * returns the error to answer instead, if one was drawn.
   */
  async beforeRequest(relativePath: string): Promise<PveHttpError | undefined> {
    if (this.#pathPattern && !this.#pathPattern.test(relativePath)) return undefined;
    const { hangRate = 0, errorRate = 0, latencyMs } = this.#options;
    if (hangRate > 0 && this.#random() < hangRate) {
      await new Promise<void>((resolve) => this.#held.add(resolve));
    }
    const delayMs = this.#latency(latencyMs);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (errorRate > 0 && this.#random() < errorRate) {
      const statuses = this.#options.errorStatuses ?? DEFAULT_ERROR_STATUSES;
      const status = statuses[Math.floor(this.#random() * statuses.length)] ?? 500;
      return new PveHttpError(status, ERROR_REASONS[status]);
    }
    return undefined;
  }

  /** The error a call proxied to `node` ends with, if the node is faulty. */
  proxyError(node: string): { status: number; reason: string } | undefined {
    const fault = this.#options.nodes?.find((candidate) => candidate.node === node);
    if (fault) {
      const fallback = NODE_FAULT_STATUS[fault.kind];
      return { status: fallback.status, reason: fault.reason ?? fallback.reason };
    }
    // A node the scenario itself lists offline is just as unreachable.
    return this.#state.node(node)?.status === 'offline' ? NODE_FAULT_STATUS.offline : undefined;
  }

  /** The exit status the next task of this worker type must end with, consuming one injected failure. */
  takeTaskFailure(type: string): string | undefined {
    const failure = this.#taskFailures.find((candidate) => candidate.type === type && candidate.count > 0);
    if (!failure) return undefined;
    (failure as { count: number }).count -= 1;
    return failure.exitstatus;
  }

  /** Forgets held requests without answering them (their connections were closed). */
  abandonHeld(): void {
    this.#held.clear();
  }

  releaseHeld(): void {
    const held = [...this.#held];
    this.#held.clear();
    for (const release of held) release();
  }

  #latency(latency: FaultOptions['latencyMs']): number {
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency.min + this.#random() * (latency.max - latency.min);
  }

  #restoreNodes(): void {
    for (const name of this.#offlineByUs) {
      const node = this.#state.node(name);
      if (node) node.status = 'online';
    }
    this.#offlineByUs.clear();
  }
}

/** Refuses a fault configuration that cannot mean anything, naming the field. */
function validate(options: FaultOptions, state: SimulatorState): void {
  const rate = (name: string, value: number | undefined) => {
    if (value !== undefined && !(value >= 0 && value <= 1))
      throw new Error(`${name}: must be between 0 and 1`);
  };
  rate('errorRate', options.errorRate);
  rate('hangRate', options.hangRate);
  const latency = options.latencyMs;
  if (
    typeof latency === 'number'
      ? latency < 0
      : latency !== undefined && !(latency.min >= 0 && latency.max >= latency.min)
  ) {
    throw new Error('latencyMs: must be a non-negative number or {min, max} with 0 <= min <= max');
  }
  for (const status of options.errorStatuses ?? []) {
    if (!(status in ERROR_REASONS)) throw new Error(`errorStatuses: ${status} is not one of 500, 502, 503`);
  }
  if (options.pathPattern !== undefined) {
    try {
      new RegExp(options.pathPattern);
    } catch {
      throw new Error(`pathPattern: not a regular expression: ${options.pathPattern}`);
    }
  }
  for (const fault of options.nodes ?? []) {
    if (!state.node(fault.node)) throw new Error(`nodes: '${fault.node}' is not a cluster node`);
    if (fault.kind !== 'offline' && fault.kind !== 'proxy-failure') {
      throw new Error(`nodes: kind must be 'offline' or 'proxy-failure', got '${String(fault.kind)}'`);
    }
  }
  for (const failure of options.taskFailures ?? []) {
    if (!failure.type || !Number.isInteger(failure.count) || failure.count < 0 || !failure.exitstatus) {
      throw new Error('taskFailures: each needs a type, a count >= 0 and an exitstatus');
    }
  }
}
