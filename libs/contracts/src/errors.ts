import { z } from 'zod';

/**
 * Error codes shared by failure events and query error replies, so a caller can decide
 * what to tell the user without parsing text.
 */
export const ErrorCodeSchema = z.enum([
  'INVALID_MESSAGE',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UPSTREAM_ERROR',
  'UPSTREAM_UNAVAILABLE',
  /** The message bus (NATS) itself could not be reached, as opposed to no service answering on it. */
  'BUS_UNAVAILABLE',
  /** The answering service's own PostgreSQL could not be used (restarting, unreachable): asking again once it is back may succeed. */
  'DATABASE_UNAVAILABLE',
  'TIMEOUT',
  'TASK_FAILED',
  /** The cluster lacks what the request needs: HA not configured, the firewall off. */
  'NOT_CONFIGURED',
  'EXPIRED',
  'NO_HANDLER',
  'HANDLER_FAILED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ValidationIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  issues: z.array(ValidationIssueSchema).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
