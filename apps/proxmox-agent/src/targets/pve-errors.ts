import { HandlerError } from '@proxmox-mpc/bus';
import type { ErrorCode } from '@proxmox-mpc/contracts';
import { PveApiError } from '@proxmox-mpc/pve-client';

type PveErrorCode = PveApiError['code'];

/** The one place that decides what a Proxmox failure means to the platform. */
export function platformCodeFor(code: PveErrorCode): ErrorCode {
  switch (code) {
    case 'UNAUTHORIZED':
      return 'UNAUTHORIZED';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'BAD_REQUEST':
      return 'INVALID_MESSAGE';
    case 'CONFLICT':
      return 'CONFLICT';
    case 'SERVER_ERROR':
      return 'UPSTREAM_ERROR';
    case 'UNREACHABLE':
    case 'TLS':
    case 'CIRCUIT_OPEN':
      return 'UPSTREAM_UNAVAILABLE';
    case 'TIMEOUT':
      return 'TIMEOUT';
    default:
      return assertNever(code);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled Proxmox error code ${String(value)}`);
}

/** A Proxmox failure as a handler error (keeping its retryability); other errors pass through. */
export function toHandlerError(error: unknown): unknown {
  if (!(error instanceof PveApiError)) return error;
  return new HandlerError(platformCodeFor(error.code), error.message, error.retryable);
}
