import { z } from 'zod';

/** A token's public description: everything but the secret, which is shown once and kept only hashed. */
export const TokenSummarySchema = z.object({
  name: z.string(),
  scopes: z.array(z.enum(['read', 'plan', 'apply', 'admin'])),
  nodes: z.array(z.string()),
  guests: z.array(z.string()),
  /** Tool names the token may call; empty means every tool its scopes allow. */
  tools: z.array(z.string()),
  /** Tool calls per minute; absent means the server's default. */
  rateLimitPerMinute: z.number().int().positive().optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  createdBy: z.string(),
  revokedAt: z.iso.datetime({ offset: true }).optional(),
  revokedBy: z.string().optional(),
});
export type TokenSummary = z.infer<typeof TokenSummarySchema>;
