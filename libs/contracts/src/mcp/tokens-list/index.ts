import { z } from 'zod';
import { defineQuery } from '../../define';
import { TokenSummarySchema } from '../token';

/** The API tokens operators created (never their secrets, which are kept only as digests). */
export const TokensListQuery = defineQuery({
  subject: 'qry.mcp.tokens.list',
  type: 'mcp.tokens.list',
  request: z.object({ includeRevoked: z.boolean().optional() }).strict(),
  response: z.object({ tokens: z.array(TokenSummarySchema) }),
});
