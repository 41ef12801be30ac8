import type { z } from 'zod';
import {
  AuditChainAnchoredContract,
  AuditChainVerifiedContract,
  AuditSearchQuery,
  AuditVerifyQuery,
} from './audit';
import { MessageFailedContract } from './bus/message-failed';
import type { CommandContract, EventContract, QueryContract } from './define';
import {
  ApprovalDecideContract,
  ApprovalDecidedContract,
  ApprovalRequestedContract,
  ApprovalsListQuery,
} from './mcp/approval';
import {
  ApplyProgressContract,
  ApplyRequestedContract,
  DriftDetectedContract,
  IacAppliedContract,
  DriftReportQuery,
  IacFailedContract,
  IacGeneratedContract,
  ImportRequestedContract,
  PlanRequestedContract,
  WorkspaceInitializedContract,
  WorkspaceInitRequestedContract,
  WorkspaceReadQuery,
  WorkspacesListQuery,
} from './iac';
import { ToolCalledContract } from './mcp/tool-called';
import { TokenCreatedContract, TokenRevokedContract } from './mcp/token';
import { CiChangeProposedContract } from './ci';
import { TestCompletedContract, TestRunRequestedContract } from './test';
import { GuestBackupRequestedContract } from './proxmox/guest-backup-requested';
import { GuestCloneRequestedContract } from './proxmox/guest-clone-requested';
import { GuestConfigureRequestedContract } from './proxmox/guest-configure-requested';
import { GuestCreateRequestedContract } from './proxmox/guest-create-requested';
import { GuestDeleteRequestedContract } from './proxmox/guest-delete-requested';
import { GuestMigrateRequestedContract } from './proxmox/guest-migrate-requested';
import { GuestPowerRequestedContract } from './proxmox/guest-power-requested';
import { GuestResizeRequestedContract } from './proxmox/guest-resize-requested';
import { GuestRestoreRequestedContract } from './proxmox/guest-restore-requested';
import { GuestRollbackRequestedContract } from './proxmox/guest-rollback-requested';
import { GuestSnapshotRequestedContract } from './proxmox/guest-snapshot-requested';
import { GuestGetQuery } from './proxmox/guest-get';
import { GuestsListQuery } from './proxmox/guests-list';
import {
  InventoryGuestCreatedContract,
  InventoryGuestDeletedContract,
  InventoryGuestUpdatedContract,
} from './proxmox/inventory-guest-changed';
import { InventoryExportQuery } from './proxmox/inventory-export';
import { InventorySyncedContract } from './proxmox/inventory-synced';
import { NodesListQuery } from './proxmox/nodes-list';
import { OperationCompletedContract } from './proxmox/operation-completed';
import { OperationFailedContract } from './proxmox/operation-failed';
import { OperationProgressContract } from './proxmox/operation-progress';
import { PermissionsGetQuery } from './proxmox/permissions-get';
import { SnapshotsListQuery } from './proxmox/snapshots-list';
import { StorageListQuery } from './proxmox/storage-list';
import { TasksListQuery } from './proxmox/tasks-list';
import { Subjects } from './subjects';

/** Every command and event, keyed by subject: the one table producers and consumers share. */
export const MessageContracts = {
  [GuestBackupRequestedContract.subject]: GuestBackupRequestedContract,
  [GuestCloneRequestedContract.subject]: GuestCloneRequestedContract,
  [GuestConfigureRequestedContract.subject]: GuestConfigureRequestedContract,
  [GuestCreateRequestedContract.subject]: GuestCreateRequestedContract,
  [GuestDeleteRequestedContract.subject]: GuestDeleteRequestedContract,
  [GuestMigrateRequestedContract.subject]: GuestMigrateRequestedContract,
  [GuestPowerRequestedContract.subject]: GuestPowerRequestedContract,
  [GuestResizeRequestedContract.subject]: GuestResizeRequestedContract,
  [GuestRestoreRequestedContract.subject]: GuestRestoreRequestedContract,
  [GuestRollbackRequestedContract.subject]: GuestRollbackRequestedContract,
  [GuestSnapshotRequestedContract.subject]: GuestSnapshotRequestedContract,
  [OperationProgressContract.subject]: OperationProgressContract,
  [OperationCompletedContract.subject]: OperationCompletedContract,
  [OperationFailedContract.subject]: OperationFailedContract,
  [InventoryGuestCreatedContract.subject]: InventoryGuestCreatedContract,
  [InventoryGuestUpdatedContract.subject]: InventoryGuestUpdatedContract,
  [InventoryGuestDeletedContract.subject]: InventoryGuestDeletedContract,
  [InventorySyncedContract.subject]: InventorySyncedContract,
  [ToolCalledContract.subject]: ToolCalledContract,
  [TokenCreatedContract.subject]: TokenCreatedContract,
  [TokenRevokedContract.subject]: TokenRevokedContract,
  [ApprovalDecideContract.subject]: ApprovalDecideContract,
  [ApprovalRequestedContract.subject]: ApprovalRequestedContract,
  [ApprovalDecidedContract.subject]: ApprovalDecidedContract,
  [WorkspaceInitRequestedContract.subject]: WorkspaceInitRequestedContract,
  [WorkspaceInitializedContract.subject]: WorkspaceInitializedContract,
  [ImportRequestedContract.subject]: ImportRequestedContract,
  [PlanRequestedContract.subject]: PlanRequestedContract,
  [ApplyRequestedContract.subject]: ApplyRequestedContract,
  [ApplyProgressContract.subject]: ApplyProgressContract,
  [IacAppliedContract.subject]: IacAppliedContract,
  [IacGeneratedContract.subject]: IacGeneratedContract,
  [IacFailedContract.subject]: IacFailedContract,
  [DriftDetectedContract.subject]: DriftDetectedContract,
  [TestRunRequestedContract.subject]: TestRunRequestedContract,
  [TestCompletedContract.subject]: TestCompletedContract,
  [CiChangeProposedContract.subject]: CiChangeProposedContract,
  [MessageFailedContract.subject]: MessageFailedContract,
  [AuditChainVerifiedContract.subject]: AuditChainVerifiedContract,
  [AuditChainAnchoredContract.subject]: AuditChainAnchoredContract,
} as const;

export const QueryContracts = {
  [NodesListQuery.subject]: NodesListQuery,
  [GuestsListQuery.subject]: GuestsListQuery,
  [GuestGetQuery.subject]: GuestGetQuery,
  [TasksListQuery.subject]: TasksListQuery,
  [StorageListQuery.subject]: StorageListQuery,
  [SnapshotsListQuery.subject]: SnapshotsListQuery,
  [PermissionsGetQuery.subject]: PermissionsGetQuery,
  [ApprovalsListQuery.subject]: ApprovalsListQuery,
  [InventoryExportQuery.subject]: InventoryExportQuery,
  [DriftReportQuery.subject]: DriftReportQuery,
  [WorkspacesListQuery.subject]: WorkspacesListQuery,
  [WorkspaceReadQuery.subject]: WorkspaceReadQuery,
  [AuditSearchQuery.subject]: AuditSearchQuery,
  [AuditVerifyQuery.subject]: AuditVerifyQuery,
} as const;

type Messages = typeof MessageContracts;
type Queries = typeof QueryContracts;

export type MessageSubject = keyof Messages;
export type CommandSubject = {
  [S in MessageSubject]: Messages[S] extends CommandContract ? S : never;
}[MessageSubject];
export type EventSubject = {
  [S in MessageSubject]: Messages[S] extends EventContract ? S : never;
}[MessageSubject];
export type QuerySubject = keyof Queries;

/** The payload type published on `S`: `publish(subject, data)` does not compile with the wrong one. */
export type DataOf<S extends MessageSubject> = z.infer<Messages[S]['data']>;
/** The events that can end command `S`, plus the transport's own give-up event. */
export type OutcomeSubjectOf<S extends CommandSubject> =
  | Extract<Messages[S] extends CommandContract<string, z.ZodType, infer O> ? O[number] : never, EventSubject>
  | typeof Subjects.busMessageFailed;
export type QueryRequestOf<Q extends QuerySubject> = z.infer<Queries[Q]['request']>;
export type QueryResponseOf<Q extends QuerySubject> = z.infer<Queries[Q]['response']>;

export function messageContractFor(subject: string): CommandContract | EventContract | undefined {
  return (MessageContracts as Record<string, CommandContract | EventContract>)[subject];
}

export function queryContractFor(subject: string): QueryContract | undefined {
  return (QueryContracts as Record<string, QueryContract>)[subject];
}
