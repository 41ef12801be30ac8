import { z } from 'zod';

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
  /** The command that runs once it is approved, secret-named fields redacted: what an operator approves. */
  command: z.object({ subject: z.string(), data: z.record(z.string(), z.unknown()) }).optional(),
});
export type ApprovalSummary = z.infer<typeof ApprovalSummarySchema>;
