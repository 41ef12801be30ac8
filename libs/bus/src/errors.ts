import { describeIssues, type ErrorBody, type ErrorCode, type ValidationIssue } from '@proxmox-mpc/contracts';

/**
 * What a handler throws to say how its failure should be treated. Anything else a
 * handler throws is assumed transient and retried until deliveries run out.
 */
export class HandlerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly issues?: ValidationIssue[],
  ) {
    super(message);
    this.name = 'HandlerError';
  }
}

/** A query was answered with an error, or not answered at all. */
export class QueryFailed extends Error {
  constructor(
    readonly subject: string,
    readonly error: ErrorBody,
  ) {
    super(error.issues?.length ? `${error.message} (${describeIssues(error.issues)})` : error.message);
    this.name = 'QueryFailed';
  }

  get code(): ErrorCode {
    return this.error.code;
  }

  /** Whether asking again later may succeed: nothing answered, rather than an answer that said no. */
  get transient(): boolean {
    return TRANSIENT_QUERY_CODES.has(this.code);
  }
}

const TRANSIENT_QUERY_CODES = new Set<ErrorCode>([
  'BUS_UNAVAILABLE',
  'UPSTREAM_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'TIMEOUT',
]);

/** No outcome event arrived for a command in time; the command may still complete. */
export class CommandTimeout extends Error {
  readonly code: ErrorCode = 'TIMEOUT';

  constructor(
    readonly subject: string,
    readonly commandId: string,
    readonly correlationId: string,
    timeoutMs: number,
  ) {
    super(
      `no result for ${subject} within ${Math.round(timeoutMs / 1000)}s; it may still complete ` +
        `(correlation id ${correlationId})`,
    );
    this.name = 'CommandTimeout';
  }
}
