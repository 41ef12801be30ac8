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
  'iac.apply',
] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** Stop, delete, rollback, restore-over, migrate and applying code: what can lose work or data. */
export const DEFAULT_APPROVAL_ACTIONS: readonly ApprovalAction[] = [
  'power.stop',
  'delete',
  'rollback',
  'restore.force',
  'migrate',
  'iac.apply',
];

export class ApprovalPolicy {
  constructor(private readonly policy: McpEdgeConfig['MCP_APPROVAL_POLICY']) {}

  /** The target's own rule, else the `*` rule; a call that names no cluster gets `*`. */
  requires(target: string | undefined, action: ApprovalAction): boolean {
    const rule = target === undefined ? undefined : this.policy[target];
    return (rule ?? this.policy['*'] ?? []).includes(action);
  }
}
