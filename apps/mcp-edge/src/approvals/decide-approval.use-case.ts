import { Injectable } from '@nestjs/common';
import { EventOutbox, HandlerError } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { Clock } from '@proxmox-mpc/service-runtime';
import type { Operation } from '../operations/operation.entity';
import { OperationStore } from '../operations/operation.store';
import { approvalStatusOf, approvalSummaryOf } from './approval-summary';

export interface DecideApproval {
  approvalId: string;
  decision: 'approve' | 'deny';
  /** The operator's actor id. */
  decidedBy: string;
  reason?: string;
  /** The id of the command that carried the decision, when it came over the bus. */
  causationId?: string;
}

/**
 * An operator's decision on a held operation. Approving releases its command exactly
 * once: the decision is a conditional write that only a pending, unexpired operation the
 * operator did not request passes, and the command goes into the outbox in the same
 * transaction, under the id the caller was promised. Either way the decision is
 * announced on evt.mcp.approval.decided. A refusal says why: unknown, own request,
 * decided already, expired.
 */
@Injectable()
export class DecideApprovalUseCase {
  constructor(
    private readonly operations: OperationStore,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {}

  async execute({
    approvalId,
    decision,
    decidedBy,
    reason,
    causationId,
  }: DecideApproval): Promise<Operation> {
    const status = decision === 'approve' ? 'running' : 'denied';
    const at = this.clock.now();
    const decided = await this.transactions.run(async (tx) => {
      const operation = await this.operations.decide(
        approvalId,
        { status, decidedBy, reason: reason ?? null, at },
        tx,
      );
      if (!operation) return undefined;
      if (operation.status === 'running') {
        // Under the caller's correlation id too, so the audit trail reads as one action.
        await this.outbox.add(tx, operation.subject, operation.data, operation.origin, operation.id);
      }
      await this.outbox.add(tx, Subjects.mcpApprovalDecided, approvalSummaryOf(operation), {
        ...operation.origin,
        actor: { kind: 'operator', id: decidedBy },
        ...(causationId ? { causationId } : {}),
      });
      return operation;
    });
    if (!decided) throw await this.refusal(approvalId, decidedBy);
    await this.outbox.flush();
    return decided;
  }

  private async refusal(id: string, decidedBy: string): Promise<HandlerError> {
    const operation = await this.operations.find(id);
    if (!operation) return new HandlerError('NOT_FOUND', `no approval ${id}`, false);
    if (operation.requestedBy === decidedBy) {
      return new HandlerError(
        'FORBIDDEN',
        `${decidedBy} asked for this operation and cannot approve it`,
        false,
      );
    }
    if (operation.status !== 'awaiting-approval') {
      return new HandlerError(
        'CONFLICT',
        `approval ${id} is already ${approvalStatusOf(operation.status)}`,
        false,
      );
    }
    return new HandlerError(
      'EXPIRED',
      `approval ${id} expired at ${operation.expiresAt?.toISOString()}`,
      false,
    );
  }
}
