import { ErrorCodeSchema, IacAppliedContract, OperationResultSchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { OPERATION_STATUSES, type Operation } from '../operations/operation.entity';

/** What an operate tool answers with, `result` being what its operation reports when done. */
export function operationViewSchema<R extends z.ZodType>(result: R) {
  return z.object({
    operationId: z.string(),
    status: z.enum(OPERATION_STATUSES),
    summary: z.string(),
    correlationId: z.string(),
    approval: z
      .object({
        approvalId: z.string(),
        expiresAt: z.string(),
        decidedBy: z.string().optional(),
        instructions: z.string(),
      })
      .optional(),
    result: result.optional(),
    error: z.object({ code: ErrorCodeSchema, message: z.string() }).optional(),
  });
}

/** Any operation's view, as `operation_status` answers it: a guest operation's result or an IaC apply's. */
export const OperationViewSchema = operationViewSchema(
  z.union([OperationResultSchema, IacAppliedContract.data]),
);
export type OperationView = z.infer<typeof OperationViewSchema>;

export function toView(operation: Operation): OperationView {
  const needsApproval =
    operation.approvalAction !== null && (operation.expiresAt !== null || operation.decidedBy !== null);
  return {
    operationId: operation.id,
    status: operation.status,
    summary: operation.summary,
    correlationId: operation.correlationId,
    ...(needsApproval
      ? {
          approval: {
            approvalId: operation.id,
            expiresAt: (operation.expiresAt ?? operation.createdAt).toISOString(),
            ...(operation.decidedBy ? { decidedBy: operation.decidedBy } : {}),
            instructions: `an operator approves with: proxmox-mpc approve ${operation.id}  (or denies with: proxmox-mpc deny ${operation.id} --reason …)`,
          },
        }
      : {}),
    ...(operation.result ? { result: operation.result } : {}),
    ...(operation.error ? { error: operation.error } : {}),
  };
}

/** The operation's state in a sentence. */
export function describeView(view: OperationView): string {
  switch (view.status) {
    case 'awaiting-approval':
      return `${view.summary}: waiting for a human's approval (id ${view.operationId}, expires ${view.approval?.expiresAt}). ${view.approval?.instructions}. Then call operation_status with this id.`;
    case 'running':
      return `${view.summary}: still running; call operation_status with operation id ${view.operationId} to follow it.`;
    case 'completed':
      return `${view.summary}: done.`;
    case 'failed':
      return `${view.summary}: failed: ${view.error?.message} [${view.error?.code}]`;
    case 'denied':
      return `${view.summary}: denied by ${view.approval?.decidedBy ?? 'an operator'}; nothing was done.`;
    case 'expired':
      return `${view.summary}: the approval expired; nothing was done.`;
  }
}
