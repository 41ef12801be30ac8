import { z } from 'zod';
import { defineCommand } from '../../define';
import { TokenNameSchema } from '../token';
import { TokenRevokedContract } from '../token-revoked';

/** Revokes the active API token of that name; it stops working at its next use. */
export const TokenRevokeContract = defineCommand({
  subject: 'cmd.mcp.token.revoke',
  type: 'mcp.token.revoke.requested',
  data: z.object({ name: TokenNameSchema }).strict(),
  outcomes: [TokenRevokedContract.subject],
});
