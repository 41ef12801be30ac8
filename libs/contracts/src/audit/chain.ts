import { z } from 'zod';
import { AuditTimeSchema } from './time';

/**
 * The audit log's newest row as it stood when announced: kept in the EVT stream, outside
 * the table, so removing the newest rows (or rewriting the whole chain) is detectable.
 */
export const ChainAnchorSchema = z.object({
  chainSeq: z.number().int().positive(),
  messageId: z.string(),
  /** The row's chain hash, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash in hex'),
  anchoredAt: AuditTimeSchema,
});
export type ChainAnchor = z.infer<typeof ChainAnchorSchema>;

export const ChainVerificationSchema = z.object({
  rows: z.number().int().nonnegative(),
  /** The first row where the chain breaks; absent when every row checks out. */
  firstBroken: z.object({ chainSeq: z.number().int(), messageId: z.string(), reason: z.string() }).optional(),
  /** The newest anchor the log was checked against; absent when none was published yet. */
  anchor: ChainAnchorSchema.optional(),
});
export type ChainVerification = z.infer<typeof ChainVerificationSchema>;
