import { defineEvent } from '../../define';
import { ApprovalSummarySchema } from '../approval';

export const ApprovalDecidedContract = defineEvent({
  subject: 'evt.mcp.approval.decided',
  type: 'mcp.approval.decided',
  data: ApprovalSummarySchema,
});
