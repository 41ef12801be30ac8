import { randomUUID } from 'node:crypto';
import type { CommandSubject, DataOf, Origin } from '@proxmox-mpc/contracts';
import type { ApprovalAction } from '../approvals/approval-actions';
import { Operation } from './operation.entity';

/** A command a tool wants sent, with what a human needs to judge it. */
export interface OperationRequest {
  tool: string;
  subject: CommandSubject;
  data: DataOf<CommandSubject>;
  origin: Origin;
  /** What will happen, in an operator's words: "stop qemu 100 (web-01) on pve1". */
  summary: string;
  /** The cluster, resolved by name; absent when the call named none and the agent manages one. */
  target?: string;
  /** The policy action this request falls under, if any. */
  approvalAction?: ApprovalAction;
}

/** How a request starts: sent now (perhaps confirmed by its user), or held for an operator. */
export type OperationStart =
  { status: 'running'; confirmedBy?: string } | { status: 'awaiting-approval'; expiresAt: Date };

/** The row of a request made at `at`, under a fresh id: the one its command will carry. */
export function operationOf(request: OperationRequest, start: OperationStart, at: Date): Operation {
  const confirmedBy = start.status === 'running' ? start.confirmedBy : undefined;
  return Object.assign(new Operation(), {
    id: randomUUID(),
    correlationId: request.origin.correlationId,
    tool: request.tool,
    requestedBy: request.origin.actor.id,
    target: request.target ?? null,
    summary: request.summary,
    status: start.status,
    subject: request.subject,
    data: request.data,
    origin: request.origin,
    approvalAction: request.approvalAction ?? null,
    expiresAt: start.status === 'awaiting-approval' ? start.expiresAt : null,
    decidedBy: confirmedBy ?? null,
    decidedAt: confirmedBy ? at : null,
    reason: null,
    result: null,
    error: null,
    createdAt: at,
    updatedAt: at,
  });
}
