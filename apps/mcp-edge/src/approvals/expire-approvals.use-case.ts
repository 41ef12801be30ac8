import { Injectable } from '@nestjs/common';
import { EventOutbox } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { Clock } from '@proxmox-mpc/service-runtime';
import { OperationStore } from '../operations/operation.store';
import { approvalSummaryOf } from './approval-summary';

/**
 * Closes the approvals nobody decided in time, so their status says so, and announces
 * each on evt.mcp.approval.decided. (An expired approval is refused even before this
 * runs: a decision checks the time itself.) Returns how many it closed.
 */
@Injectable()
export class ExpireApprovalsUseCase {
  constructor(
    private readonly operations: OperationStore,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<number> {
    const expired = await this.transactions.run(async (tx) => {
      const due = await this.operations.expireDue(this.clock.now(), tx);
      for (const operation of due) {
        await this.outbox.add(
          tx,
          Subjects.mcpApprovalDecided,
          approvalSummaryOf(operation),
          operation.origin,
        );
      }
      return due.length;
    });
    if (expired > 0) await this.outbox.flush();
    return expired;
  }
}
