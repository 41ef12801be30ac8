import { auditSearchTool } from './audit/audit-search.tool';
import { auditVerifyTool } from './audit/audit-verify.tool';
import { getFirewallTool } from './cluster/get-firewall.tool';
import { getHaStatusTool } from './cluster/get-ha-status.tool';
import { getMetricsTool } from './cluster/get-metrics.tool';
import { getNodeStatusTool } from './cluster/get-node-status.tool';
import { getPendingChangesTool } from './cluster/get-pending-changes.tool';
import { getVolumeTool } from './cluster/get-volume.tool';
import { readLogTool } from './cluster/read-log.tool';
import { iacApplyTool } from './iac/iac-apply.tool';
import { iacDriftTool } from './iac/iac-drift.tool';
import { iacImportTool } from './iac/iac-import.tool';
import { iacPlanTool } from './iac/iac-plan.tool';
import { iacTestTool } from './iac/iac-test.tool';
import { searchKnowledgeTool } from './knowledge/search-knowledge.tool';
import { addFirewallRuleTool } from './operate/add-firewall-rule.tool';
import { addHaResourceTool } from './operate/add-ha-resource.tool';
import { backupGuestTool } from './operate/backup-guest.tool';
import { cloneGuestTool } from './operate/clone-guest.tool';
import { configureGuestTool } from './operate/configure-guest.tool';
import { createGuestTool } from './operate/create-guest.tool';
import { deleteGuestTool } from './operate/delete-guest.tool';
import { deleteVolumeTool } from './operate/delete-volume.tool';
import { downloadToStorageTool } from './operate/download-to-storage.tool';
import { execInGuestTool } from './operate/exec-in-guest.tool';
import { migrateGuestTool } from './operate/migrate-guest.tool';
import { moveDiskTool } from './operate/move-disk.tool';
import { powerGuestTool } from './operate/power-guest.tool';
import { removeFirewallRuleTool } from './operate/remove-firewall-rule.tool';
import { removeHaResourceTool } from './operate/remove-ha-resource.tool';
import { resizeDiskTool } from './operate/resize-disk.tool';
import { restoreGuestTool } from './operate/restore-guest.tool';
import { rollbackGuestTool } from './operate/rollback-guest.tool';
import { snapshotGuestTool } from './operate/snapshot-guest.tool';
import { stopTaskTool } from './operate/stop-task.tool';
import { getGuestTool } from './read/get-guest.tool';
import { listGuestsTool } from './read/list-guests.tool';
import { listNodesTool } from './read/list-nodes.tool';
import { listSnapshotsTool } from './read/list-snapshots.tool';
import { listStorageTool } from './read/list-storage.tool';
import { listTasksTool } from './read/list-tasks.tool';
import { operationStatusTool } from './read/operation-status.tool';
import { whoamiTool } from './read/whoami.tool';
import type { ToolDefinition } from './tool-definition';

/** Every tool mcp-edge offers, in the order `tools/list` shows them (each caller sees those its scopes allow). */
export const TOOL_CATALOG: readonly ToolDefinition[] = [
  whoamiTool,
  listNodesTool,
  listGuestsTool,
  getGuestTool,
  listTasksTool,
  listStorageTool,
  listSnapshotsTool,
  getNodeStatusTool,
  getMetricsTool,
  getHaStatusTool,
  getFirewallTool,
  readLogTool,
  getVolumeTool,
  getPendingChangesTool,
  operationStatusTool,
  createGuestTool,
  cloneGuestTool,
  configureGuestTool,
  resizeDiskTool,
  powerGuestTool,
  snapshotGuestTool,
  rollbackGuestTool,
  backupGuestTool,
  restoreGuestTool,
  migrateGuestTool,
  deleteGuestTool,
  execInGuestTool,
  moveDiskTool,
  addFirewallRuleTool,
  removeFirewallRuleTool,
  addHaResourceTool,
  removeHaResourceTool,
  downloadToStorageTool,
  deleteVolumeTool,
  stopTaskTool,
  iacImportTool,
  iacPlanTool,
  iacTestTool,
  iacApplyTool,
  iacDriftTool,
  auditSearchTool,
  auditVerifyTool,
  searchKnowledgeTool,
];
