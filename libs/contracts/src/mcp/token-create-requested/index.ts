import { z } from 'zod';
import { defineCommand } from '../../define';
import { TokenNameSchema, TokenScopeSchema } from '../token';
import { TokenCreatedContract } from '../token-created';

/**
 * An operator's new API token. The secret never travels: the operator's client makes it
 * and sends only its SHA-256 digest, which is all mcp-edge keeps; the streams and the
 * audit log see the digest, from which the token cannot be recovered.
 */
export const TokenCreateContract = defineCommand({
  subject: 'cmd.mcp.token.create',
  type: 'mcp.token.create.requested',
  data: z
    .object({
      name: TokenNameSchema,
      scopes: z.array(TokenScopeSchema).min(1, 'give at least one scope: read, plan, apply or admin'),
      /** Node selectors the token is limited to; all nodes when empty. */
      nodes: z.array(z.string()).optional(),
      /** Guest selectors the token is limited to; all guests when empty. */
      guests: z.array(z.string()).optional(),
      /** Tool names the token may call; every tool its scopes allow when empty. */
      tools: z.array(z.string()).optional(),
      /** Commands the token may run in guests (`uptime`, `systemctl status`); none when empty. */
      exec: z.array(z.string()).optional(),
      /** Tool calls per minute; the server's default when absent. */
      rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
      expiresAt: z.iso.datetime({ offset: true }).optional(),
      /** SHA-256 of the token, lower-case hex. */
      digest: z.string().regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of the token as 64 hex digits'),
    })
    .strict(),
  outcomes: [TokenCreatedContract.subject],
});
