import { Injectable } from '@nestjs/common';
import type { ApprovalStatus, ApprovalSummary } from '@proxmox-mpc/contracts';
import type { OperationStatus } from '../operations/operation.entity';
import { OperationStore } from '../operations/operation.store';
import { approvalSummaryOf } from './approval-summary';

// A page an operator can read; more pending approvals than this is a problem of its own.
const LIST_LIMIT = 200;

// Once approved, an operation runs and ends: each of those states is an approved approval.
const OPERATION_STATUSES_OF: Record<ApprovalStatus, readonly OperationStatus[]> = {
  pending: ['awaiting-approval'],
  approved: ['running', 'completed', 'failed'],
  denied: ['denied'],
  expired: ['expired'],
};

/** Approvals in one state (those waiting for an operator unless told), newest first. */
@Injectable()
export class ListApprovalsUseCase {
  constructor(private readonly operations: OperationStore) {}

  async execute(status: ApprovalStatus = 'pending'): Promise<ApprovalSummary[]> {
    const lists = await Promise.all(
      OPERATION_STATUSES_OF[status].map((operationStatus) =>
        this.operations.list(operationStatus, LIST_LIMIT),
      ),
    );
    return (
      lists
        .flat()
        // Operations that ran without anyone's yes were never approvals.
        .filter((operation) => status !== 'approved' || operation.decidedBy !== null)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, LIST_LIMIT)
        .map(approvalSummaryOf)
    );
  }
}
