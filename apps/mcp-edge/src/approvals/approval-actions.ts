/**
 * Actions that can be put behind a human's yes. `restore.force` is a restore over an
 * existing guest; a restore to a new VMID destroys nothing. (A module of its own, with no
 * imports: the config validates MCP_APPROVAL_POLICY against this list.)
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
