export const PVE_API_ERROR_CODES = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_REQUEST',
  'CONFLICT',
  'SERVER_ERROR',
  'UNREACHABLE',
  'TIMEOUT',
  'TLS',
  'CIRCUIT_OPEN',
] as const;

export type PveApiErrorCode = (typeof PVE_API_ERROR_CODES)[number];

export interface PveApiErrorInit {
  readonly code: PveApiErrorCode;
  /** Already prefixed with method and path, e.g. "POST /nodes/pve1/qemu/100/status/start: VM 100 already running". */
  readonly message: string;
  readonly status?: number;
  /** Whether PVE named a reason of its own (a 500 with one is a definite failure, not a flaky server). */
  readonly reasonGiven?: boolean;
  readonly errors?: Record<string, string>;
  readonly cause?: unknown;
  /** CIRCUIT_OPEN: how long until the client lets a call through again. */
  readonly retryAfterMs?: number;
}

/** A failed Proxmox VE API call. Never carries credentials. */
export class PveApiError extends Error {
  readonly code: PveApiErrorCode;
  /** HTTP status, when there was a response. */
  readonly status?: number;
  /** PVE's per-parameter errors from a 400 answer. */
  readonly errors?: Record<string, string>;
  /** Whether repeating the same call may succeed. */
  readonly retryable: boolean;
  /** CIRCUIT_OPEN: how long until the client lets a call through again. */
  readonly retryAfterMs?: number;

  constructor(init: PveApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'PveApiError';
    this.code = init.code;
    if (init.status !== undefined) this.status = init.status;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.retryable = isRetryable(init.code, init.status, init.reasonGiven ?? false);
  }
}

/** The one place that decides whether a failure is worth another attempt. */
function isRetryable(code: PveApiErrorCode, status: number | undefined, reasonGiven: boolean): boolean {
  switch (code) {
    case 'UNREACHABLE':
    case 'TIMEOUT':
    case 'CIRCUIT_OPEN':
      // CIRCUIT_OPEN: the client refused the call itself while the target keeps failing; later it may pass.
      return true;
    case 'SERVER_ERROR':
      // A 500 with PVE's own reason is the handler reporting a definite failure; a 501 means
      // the method does not exist. A bare 500 or another 5xx is the way there failing.
      return status === 500 ? !reasonGiven : status !== undefined && status >= 502;
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
    case 'BAD_REQUEST':
    case 'CONFLICT':
    case 'TLS':
      // The request was refused as sent, or the certificate failed verification: the same
      // call fails the same way next time.
      return false;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`unhandled PVE API error code: ${String(value)}`);
}
