import { Injectable } from '@nestjs/common';
import type { ApprovalSummary } from '@proxmox-mpc/contracts';
import { OperationStore } from '../operations/operation.store';
import { approvalSummaryOf } from './approval-summary';

// A page an operator can read; more pending approvals than this is a problem of its own.
const LIST_LIMIT = 200;

/** The approvals waiting for an operator, newest first. */
@Injectable()
export class ListApprovalsUseCase {
  constructor(private readonly operations: OperationStore) {}

  async execute(): Promise<ApprovalSummary[]> {
    return (await this.operations.list('awaiting-approval', LIST_LIMIT)).map(approvalSummaryOf);
  }
}
