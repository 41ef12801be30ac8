import { z } from 'zod';
import { defineQuery } from '../../define';
import { ApprovalStatusSchema, ApprovalSummarySchema } from '../approval';

export const ApprovalsListQuery = defineQuery({
  subject: 'qry.mcp.approvals.list',
  type: 'mcp.approvals.list',
  request: z.object({ status: ApprovalStatusSchema.optional() }).strict(),
  response: z.object({ approvals: z.array(ApprovalSummarySchema) }),
});
