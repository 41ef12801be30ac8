import { defineEvent } from '../../define';
import { TokenSummarySchema } from '../token';

export const TokenRevokedContract = defineEvent({
  subject: 'evt.mcp.token.revoked',
  type: 'mcp.token.revoked',
  data: TokenSummarySchema,
});
