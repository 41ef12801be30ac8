import { defineEvent } from '../../define';
import { ApprovalSummarySchema } from '../approval';

export const ApprovalRequestedContract = defineEvent({
  subject: 'evt.mcp.approval.requested',
  type: 'mcp.approval.requested',
  data: ApprovalSummarySchema,
});
