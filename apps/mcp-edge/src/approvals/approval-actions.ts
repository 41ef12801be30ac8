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
  'power.suspend',
  'power.resume',
  'exec',
  'disk.move',
  'disk.move.delete',
  'firewall.rule.add',
  'firewall.rule.remove',
  'ha.add',
  'ha.remove',
  'download',
  'volume.delete',
  'task.stop',
] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/**
 * What can lose work or data, or open a way in: stop, delete, rollback, restore-over,
 * migrate, applying code, running a command in a guest, moving a disk and deleting its
 * source, removing a firewall rule or an HA resource, deleting a volume, stopping a task.
 */
export const DEFAULT_APPROVAL_ACTIONS: readonly ApprovalAction[] = [
  'power.stop',
  'delete',
  'rollback',
  'restore.force',
  'migrate',
  'iac.apply',
  'exec',
  'disk.move.delete',
  'firewall.rule.remove',
  'ha.remove',
  'volume.delete',
  'task.stop',
];
