import type { OperationRequest } from '../operations/operation-request';
import type { ApprovalAction } from './approval-actions';

/** Per target, the actions that need a human's yes; `*` is any target not listed. */
export type ApprovalRules = Readonly<Record<string, readonly ApprovalAction[]>>;

/** Whether a request needs a human's yes before its command is sent (MCP_APPROVAL_POLICY). */
export class ApprovalPolicy {
  constructor(private readonly rules: ApprovalRules) {}

  /** The target's own rule, else the `*` rule; a call that names no cluster gets `*`. */
  requires({ target, approvalAction }: Pick<OperationRequest, 'target' | 'approvalAction'>): boolean {
    if (approvalAction === undefined) return false;
    const rule = target === undefined ? undefined : this.rules[target];
    return (rule ?? this.rules['*'] ?? []).includes(approvalAction);
  }
}
