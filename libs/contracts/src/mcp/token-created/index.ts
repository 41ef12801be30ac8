import { defineEvent } from '../../define';
import { TokenSummarySchema } from '../token';

export const TokenCreatedContract = defineEvent({
  subject: 'evt.mcp.token.created',
  type: 'mcp.token.created',
  data: TokenSummarySchema,
});
