import type { McpEdgeConfig } from '../config';

/**
 * Actions that can be put behind a human's yes. `restore.force` is a restore over an
 * existing guest; a restore to a new VMID destroys nothing.
 */
export const APPROVAL_ACTIONS = [
  'power.stop',
  'power.shutdown',
  'power.reboot',
  'delete',
  'rollback',
  'restore.force',
  'migrate',
  'configure',
  'resize',
  'snapshot.delete',
] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** Stop, delete, rollback, restore-over and migrate: what can lose work or data. */
export const DEFAULT_APPROVAL_ACTIONS: readonly ApprovalAction[] = [
  'power.stop',
  'delete',
  'rollback',
  'restore.force',
  'migrate',
];

export class ApprovalPolicy {
  constructor(private readonly policy: McpEdgeConfig['MCP_APPROVAL_POLICY']) {}

  requires(target: string, action: ApprovalAction): boolean {
    return (this.policy[target] ?? this.policy['*'] ?? []).includes(action);
  }
}
