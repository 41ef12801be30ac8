import type { ApprovalStatus, ApprovalSummary } from '@proxmox-mpc/contracts';
import { redactSecrets } from '@proxmox-mpc/telemetry';
import type { Operation, OperationStatus } from '../operations/operation.entity';

/** A held operation's state as an approval: once released, it stays approved however it ends. */
export function approvalStatusOf(status: OperationStatus): ApprovalStatus {
  if (status === 'awaiting-approval') return 'pending';
  if (status === 'denied' || status === 'expired') return status;
  return 'approved';
}

/** How an approval is shown to operators and announced. */
export function approvalSummaryOf(operation: Operation): ApprovalSummary {
  return {
    approvalId: operation.id,
    tool: operation.tool,
    summary: operation.summary,
    ...(operation.target ? { target: operation.target } : {}),
    requestedBy: operation.requestedBy,
    status: approvalStatusOf(operation.status),
    createdAt: operation.createdAt.toISOString(),
    expiresAt: (operation.expiresAt ?? operation.createdAt).toISOString(),
    ...(operation.decidedBy ? { decidedBy: operation.decidedBy } : {}),
    command: { subject: operation.subject, data: redactSecrets(operation.data) as Record<string, unknown> },
  };
}
