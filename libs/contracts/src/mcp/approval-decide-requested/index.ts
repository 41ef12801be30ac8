import { z } from 'zod';
import { defineCommand } from '../../define';
import { ApprovalIdSchema } from '../approval';
import { ApprovalDecidedContract } from '../approval-decided';

/** An operator's answer. Only an operator actor may send it, and never the requester. */
export const ApprovalDecideContract = defineCommand({
  subject: 'cmd.mcp.approval.decide',
  type: 'mcp.approval.decide.requested',
  data: z
    .object({
      approvalId: ApprovalIdSchema,
      decision: z.enum(['approve', 'deny']),
      reason: z.string().max(500).optional(),
    })
    .strict(),
  outcomes: [ApprovalDecidedContract.subject],
});
