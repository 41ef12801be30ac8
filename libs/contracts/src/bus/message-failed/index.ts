import { z } from 'zod';
import { defineEvent } from '../../define';
import { ErrorCodeSchema, ValidationIssueSchema } from '../../errors';

/**
 * Published by the transport when it gives up on a message: it failed its schema
 * (`invalid`), was too old to act on (`expired`), its handler reported a permanent
 * failure (`failed`), or it kept failing until its deliveries ran out (`exhausted`).
 * `causationId` on the envelope is the failed message's id, so a caller waiting for
 * the outcome of a command sees this instead of waiting forever.
 */
export const MessageFailedSchema = z.object({
  subject: z.string(),
  messageId: z.string(),
  consumer: z.string(),
  reason: z.enum(['invalid', 'expired', 'failed', 'exhausted']),
  code: ErrorCodeSchema,
  message: z.string(),
  issues: z.array(ValidationIssueSchema).optional(),
  deliveries: z.number().int().nonnegative(),
});
export type MessageFailed = z.infer<typeof MessageFailedSchema>;

export const MessageFailedContract = defineEvent({
  subject: 'evt.bus.message.failed',
  type: 'bus.message.failed',
  data: MessageFailedSchema,
});
