import { z } from 'zod';
import { defineCommand, defineEvent, defineQuery } from '../../define';
import { Subjects } from '../../subjects';

export const ApprovalIdSchema = z.uuid({ error: 'expected an approval id (a UUID)' });
export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'denied', 'expired']);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

export const ApprovalSummarySchema = z.object({
  approvalId: ApprovalIdSchema,
  tool: z.string(),
  /** What will happen, in words an operator can judge (e.g. "stop qemu 100 (web-01) on pve1"). */
  summary: z.string(),
  target: z.string().optional(),
  requestedBy: z.string(),
  status: ApprovalStatusSchema,
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  decidedBy: z.string().optional(),
});
export type ApprovalSummary = z.infer<typeof ApprovalSummarySchema>;

/** An operator's answer. Only an operator actor may send it, and never the requester. */
export const ApprovalDecideContract = defineCommand({
  subject: Subjects.mcpApprovalDecide,
  type: 'mcp.approval.decide.requested',
  data: z
    .object({
      approvalId: ApprovalIdSchema,
      decision: z.enum(['approve', 'deny']),
      reason: z.string().max(500).optional(),
    })
    .strict(),
  outcomes: [Subjects.mcpApprovalDecided],
});

export const ApprovalRequestedContract = defineEvent({
  subject: Subjects.mcpApprovalRequested,
  type: 'mcp.approval.requested',
  data: ApprovalSummarySchema,
});

export const ApprovalDecidedContract = defineEvent({
  subject: Subjects.mcpApprovalDecided,
  type: 'mcp.approval.decided',
  data: ApprovalSummarySchema,
});

export const ApprovalsListQuery = defineQuery({
  subject: Subjects.mcpApprovalsList,
  type: 'mcp.approvals.list',
  request: z.object({ status: ApprovalStatusSchema.optional() }).strict(),
  response: z.object({ approvals: z.array(ApprovalSummarySchema) }),
});
