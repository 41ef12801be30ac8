import { createTicketRoute, getTicketRoute } from '../api/access/ticket.routes';
import { permissionsRoute } from '../api/access/permissions.route';
import { clusterResourcesRoute } from '../api/cluster/cluster-resources.route';
import { clusterConfigRoutes } from '../api/cluster/cluster-config.routes';
import { clusterStatusRoute } from '../api/cluster/cluster-status.route';
import { firewallRoutes } from '../api/firewall/firewall.routes';
import { guestMoveDiskRoutes } from '../api/guests/guest-move-disk.routes';
import { guestPendingRoutes } from '../api/guests/guest-pending.routes';
import { lxcInterfacesRoute } from '../api/guests/lxc-interfaces.route';
import { haResourceRoutes } from '../api/ha/ha.routes';
import { haStatusRoutes } from '../api/ha/ha-status.routes';
import { clusterLogRoute } from '../api/logs/cluster-log.route';
import { nodeSyslogRoute } from '../api/logs/node-syslog.route';
import { nodeDisksRoute } from '../api/nodes/node-disks.route';
import { nodeStatusRoute } from '../api/nodes/node-status.route';
import { rrdDataRoutes } from '../api/rrd/rrd-data.routes';
import { storageDownloadRoutes } from '../api/storage/storage-download.routes';
import { storageVolumeRoutes } from '../api/storage/storage-volume.routes';
import { nextIdRoute } from '../api/cluster/next-id.route';
import { guestAgentRoutes } from '../api/guests/guest-agent.routes';
import { guestBackupRoutes } from '../api/guests/guest-backup.routes';
import { guestCloneRoutes } from '../api/guests/guest-clone.routes';
import { guestConfigRoutes } from '../api/guests/guest-config.routes';
import { guestCreateRoutes } from '../api/guests/guest-create.routes';
import { guestDestroyRoutes } from '../api/guests/guest-destroy.routes';
import { guestListRoutes } from '../api/guests/guest-list.routes';
import { guestMigrateRoutes } from '../api/guests/guest-migrate.routes';
import { guestPowerRoutes } from '../api/guests/guest-power.routes';
import { guestResizeRoutes } from '../api/guests/guest-resize.routes';
import { guestSnapshotRoutes } from '../api/guests/guest-snapshot.routes';
import { guestStatusRoutes } from '../api/guests/guest-status.routes';
import { guestTemplateRoutes } from '../api/guests/guest-template.routes';
import { nodeNetworkRoute } from '../api/network/node-network.route';
import { nodeListRoute } from '../api/nodes/node-list.route';
import { poolRoutes } from '../api/pools/pool.routes';
import { nodeStorageRoutes } from '../api/storage/node-storage.routes';
import { storageIndexRoute } from '../api/storage/storage-index.route';
import { taskListRoutes } from '../api/tasks/task-list.routes';
import { taskStatusRoute } from '../api/tasks/task-status.route';
import { versionRoute } from '../api/version/version.route';
import type { RouteDefinition } from './route';

/** Every API method the simulator serves; the conformance test checks each against the PVE schema. */
export const ROUTE_TABLE: readonly RouteDefinition[] = [
  versionRoute,
  getTicketRoute,
  createTicketRoute,
  permissionsRoute,
  nodeListRoute,
  clusterResourcesRoute,
  clusterStatusRoute,
  nextIdRoute,
  storageIndexRoute,
  ...nodeStorageRoutes,
  nodeNetworkRoute,
  ...poolRoutes,
  ...guestListRoutes,
  ...guestStatusRoutes,
  ...guestPowerRoutes,
  ...guestCreateRoutes,
  ...guestCloneRoutes,
  ...guestConfigRoutes,
  ...guestResizeRoutes,
  ...guestTemplateRoutes,
  ...guestMigrateRoutes,
  ...guestDestroyRoutes,
  ...guestSnapshotRoutes,
  ...guestAgentRoutes,
  ...guestBackupRoutes,
  taskStatusRoute,
  ...taskListRoutes,
  nodeStatusRoute,
  nodeDisksRoute,
  nodeSyslogRoute,
  clusterLogRoute,
  ...clusterConfigRoutes,
  ...rrdDataRoutes,
  ...haResourceRoutes,
  ...haStatusRoutes,
  ...firewallRoutes,
  ...guestPendingRoutes,
  ...guestMoveDiskRoutes,
  lxcInterfacesRoute,
  ...storageVolumeRoutes,
  ...storageDownloadRoutes,
];
