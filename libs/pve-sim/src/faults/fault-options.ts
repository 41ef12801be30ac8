/** The statuses an injected server failure answers with. */
export type InjectedErrorStatus = 500 | 502 | 503;

/** How requests proxied to a node fail (pveproxy's AnyEvent::HTTP statuses). */
export interface NodeFault {
  readonly node: string;
  /**
   * `offline`: the node is down; the cluster lists it offline and its guests'
   * status unknown, and calls proxied to it answer 595. `proxy-failure`: the node
   * is up, but the proxied connection fails after connecting (TLS, broken pipe): 596.
   */
  readonly kind: 'offline' | 'proxy-failure';
  /** The status line; default "No route to host" (595) or "tls_process_server_certificate: certificate verify failed" (596). */
  readonly reason?: string;
}

/** The next `count` tasks of a worker type (`qmstart`, `vzdump`, …) fail with `exitstatus`. */
export interface TaskFailure {
  readonly type: string;
  readonly count: number;
  /** What the task status reports, e.g. "command 'qm start 100' failed: exit code 1". */
  readonly exitstatus: string;
}

/**
 * Faults the simulator injects into API requests (below /api2/json). Settable at
 * construction and at run time through the control endpoint `/_sim/faults`.
 */
export interface FaultOptions {
  /** Seed of the random choices (latency within a range, error and hang rates); default 1. */
  readonly seed?: number;
  /** Extra delay before every affected request is handled: fixed, or uniform in [min, max]. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  /** Share of affected requests answered with a server error instead, 0..1. */
  readonly errorRate?: number;
  /** The statuses those errors use, chosen at random; default [500, 503]. */
  readonly errorStatuses?: readonly InjectedErrorStatus[];
  /** Share of affected requests that get no answer until the faults are reset, 0..1. */
  readonly hangRate?: number;
  /**
   * A regular expression the path below /api2/json must match for latency, errors
   * and hangs to apply, e.g. `^/cluster/`; default every path. Login is affected too
   * unless the pattern leaves it out.
   */
  readonly pathPattern?: string;
  readonly nodes?: readonly NodeFault[];
  readonly taskFailures?: readonly TaskFailure[];
}
