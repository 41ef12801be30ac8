/**
 * Every NATS subject the platform uses, in one place.
 *
 * - `cmd.*` ask a service to change something; they are stored in the CMD stream and
 *   executed once by the owning service.
 * - `evt.*` announce what happened; they are stored in the EVT stream for any consumer.
 * - `qry.*` are read-only request/reply and are never stored.
 */
export const Subjects = {
  proxmoxGuestCreate: 'cmd.proxmox.guest.create',
  proxmoxGuestClone: 'cmd.proxmox.guest.clone',
  proxmoxGuestConfigure: 'cmd.proxmox.guest.configure',
  proxmoxGuestResize: 'cmd.proxmox.guest.resize',
  proxmoxGuestPower: 'cmd.proxmox.guest.power',
  proxmoxGuestSnapshot: 'cmd.proxmox.guest.snapshot',
  proxmoxGuestRollback: 'cmd.proxmox.guest.rollback',
  proxmoxGuestBackup: 'cmd.proxmox.guest.backup',
  proxmoxGuestRestore: 'cmd.proxmox.guest.restore',
  proxmoxGuestMigrate: 'cmd.proxmox.guest.migrate',
  proxmoxGuestDelete: 'cmd.proxmox.guest.delete',
  proxmoxOperationProgress: 'evt.proxmox.operation.progress',
  proxmoxOperationCompleted: 'evt.proxmox.operation.completed',
  proxmoxOperationFailed: 'evt.proxmox.operation.failed',
  proxmoxInventoryGuestCreated: 'evt.proxmox.inventory.guest.created',
  proxmoxInventoryGuestUpdated: 'evt.proxmox.inventory.guest.updated',
  proxmoxInventoryGuestDeleted: 'evt.proxmox.inventory.guest.deleted',
  proxmoxInventorySynced: 'evt.proxmox.inventory.synced',
  proxmoxNodesList: 'qry.proxmox.nodes.list',
  proxmoxGuestsList: 'qry.proxmox.guests.list',
  proxmoxGuestGet: 'qry.proxmox.guest.get',
  proxmoxTasksList: 'qry.proxmox.tasks.list',
  proxmoxStorageList: 'qry.proxmox.storage.list',
  proxmoxSnapshotsList: 'qry.proxmox.snapshots.list',
  proxmoxPermissionsGet: 'qry.proxmox.permissions.get',
  proxmoxInventoryExport: 'qry.proxmox.inventory.export',
  iacWorkspaceInit: 'cmd.iac.workspace.init',
  iacWorkspaceInitialized: 'evt.iac.workspace.initialized',
  iacImport: 'cmd.iac.import',
  iacPlan: 'cmd.iac.plan',
  iacApply: 'cmd.iac.apply',
  iacApplyProgress: 'evt.iac.apply.progress',
  iacApplied: 'evt.iac.applied',
  iacGenerated: 'evt.iac.generated',
  iacFailed: 'evt.iac.failed',
  iacDriftDetected: 'evt.iac.drift.detected',
  iacDriftReport: 'qry.iac.drift.report',
  iacWorkspacesList: 'qry.iac.workspaces.list',
  iacWorkspaceRead: 'qry.iac.workspace.read',
  testRun: 'cmd.test.run',
  testCompleted: 'evt.test.completed',
  ciChangeProposed: 'evt.ci.change.proposed',
  mcpToolCalled: 'evt.mcp.tool.called',
  mcpApprovalDecide: 'cmd.mcp.approval.decide',
  mcpApprovalRequested: 'evt.mcp.approval.requested',
  mcpApprovalDecided: 'evt.mcp.approval.decided',
  mcpApprovalsList: 'qry.mcp.approvals.list',
  auditSearch: 'qry.audit.search',
  auditVerify: 'qry.audit.verify',
  auditChainVerified: 'evt.audit.chain.verified',
  mcpTokenCreated: 'evt.mcp.token.created',
  mcpTokenRevoked: 'evt.mcp.token.revoked',
  busMessageFailed: 'evt.bus.message.failed',
} as const;

export const SubjectPrefixes = {
  command: 'cmd.',
  event: 'evt.',
  query: 'qry.',
} as const;
