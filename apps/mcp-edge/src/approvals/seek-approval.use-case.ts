import type { InputRequiredResult } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, HandlerError } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { Clock, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { McpEdgeConfig } from '../config';
import type { Operation } from '../operations/operation.entity';
import { operationOf, type OperationRequest } from '../operations/operation-request';
import { OperationStore } from '../operations/operation.store';
import { ApprovalPolicy } from './approval-policy';
import { approvalSummaryOf } from './approval-summary';
import type { Confirmer } from './confirmation';

export interface SeekApproval {
  request: OperationRequest;
  /** What the user types to confirm: the guest's (or workspace's) name. */
  confirmation: string;
  /** The user behind the client, when the client can ask them. */
  confirmer?: Confirmer;
}

export type ApprovalAnswer =
  /** Send the command now; `confirmedBy` when a user said yes. */
  | { kind: 'go'; confirmedBy?: string }
  /** Held for an operator, and announced: the operation's id is the approval id. */
  | { kind: 'held'; operation: Operation }
  /** The client must ask its user and call again with the answer. */
  | { kind: 'ask'; result: InputRequiredResult };

/**
 * The first step of an approval, for a tool call: whether the policy wants a human's yes
 * for this action on this target and, if so, from whom. A client that can ask its user
 * (MCP elicitation) gets the question, and a wrong or missing answer is refused. Any
 * other request is held until an operator decides (`DecideApprovalUseCase`) or its time
 * runs out (`ExpireApprovalsUseCase`): written as awaiting approval and announced on
 * evt.mcp.approval.requested in one transaction.
 */
@Injectable()
export class SeekApprovalUseCase {
  constructor(
    private readonly policy: ApprovalPolicy,
    private readonly operations: OperationStore,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<McpEdgeConfig, 'MCP_APPROVAL_TTL_MS'>,
  ) {}

  async execute({ request, confirmation, confirmer }: SeekApproval): Promise<ApprovalAnswer> {
    if (!this.policy.requires(request)) return { kind: 'go' };
    if (!confirmer) return { kind: 'held', operation: await this.hold(request) };
    const answer = await confirmer.confirm({ summary: request.summary, expected: confirmation });
    if (answer.kind === 'ask') return answer;
    if (answer.kind === 'refused') throw new HandlerError('FORBIDDEN', answer.reason, false);
    return { kind: 'go', confirmedBy: `user-confirmed:${request.origin.actor.id}` };
  }

  private async hold(request: OperationRequest): Promise<Operation> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.MCP_APPROVAL_TTL_MS);
    const operation = operationOf(request, { status: 'awaiting-approval', expiresAt }, now);
    await this.transactions.run(async (tx) => {
      await this.operations.insert(operation, tx);
      await this.outbox.add(tx, Subjects.mcpApprovalRequested, approvalSummaryOf(operation), request.origin);
    });
    await this.outbox.flush();
    return operation;
  }
}
