import { QueryFailedError } from 'typeorm';

// SQLSTATE class 08: the connection failed or was lost.
const CONNECTION_EXCEPTION = '08';
// Class 57P: the server is shutting down (admin_shutdown, crash_shutdown) or not yet
// accepting connections (cannot_connect_now). 57P04 (database dropped) is not transient.
const SERVER_GOING_OR_COMING = new Set(['57P01', '57P02', '57P03']);
// The socket's own failures, before PostgreSQL could say anything.
const SOCKET_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * Why `error` says the database could not be used at all, as opposed to refusing one
 * statement: the server restarting or shutting down, the connection lost or never made.
 * Undefined for any other error. A caller answering with this knows asking again once
 * the database is back may succeed.
 */
export function databaseUnavailable(error: unknown): string | undefined {
  // TypeORM wraps the driver's error; pg's own errors carry the SQLSTATE or the errno.
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  // Read by shape: an error made by Node's own modules is not an `instanceof Error` of every realm.
  if (typeof cause !== 'object' || cause === null) return undefined;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return undefined;
  if (typeof code === 'string') {
    const unavailable =
      code.startsWith(CONNECTION_EXCEPTION) || SERVER_GOING_OR_COMING.has(code) || SOCKET_FAILURES.has(code);
    return unavailable ? message : undefined;
  }
  // pg's client ends a query this way when the server closes the socket without a word.
  return message.startsWith('Connection terminated') ? message : undefined;
}
