import { z } from 'zod';

/** Every API token starts with this, so a leaked one is easy to recognise (and to grep for). */
export const API_TOKEN_PREFIX = 'mpc_';

export const TokenNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, . _ -');

export const TokenScopeSchema = z.enum(['read', 'plan', 'apply', 'admin']);

/** A token's public description: everything but the secret, which is shown once and kept only hashed. */
export const TokenSummarySchema = z.object({
  name: z.string(),
  scopes: z.array(TokenScopeSchema),
  nodes: z.array(z.string()),
  guests: z.array(z.string()),
  /** Tool names the token may call; empty means every tool its scopes allow. */
  tools: z.array(z.string()),
  /** Command prefixes the token may run in guests (exec_in_guest); none when empty or absent. */
  exec: z.array(z.string()).optional(),
  /** Tool calls per minute; absent means the server's default. */
  rateLimitPerMinute: z.number().int().positive().optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  createdBy: z.string(),
  revokedAt: z.iso.datetime({ offset: true }).optional(),
  revokedBy: z.string().optional(),
});
export type TokenSummary = z.infer<typeof TokenSummarySchema>;
