import { clusterResourcesRoute } from '../api/cluster/cluster-resources.route';
import { guestListRoutes } from '../api/guests/guest-list.routes';
import { guestPowerRoutes } from '../api/guests/guest-power.routes';
import { guestStatusRoutes } from '../api/guests/guest-status.routes';
import { nodeListRoute } from '../api/nodes/node-list.route';
import { taskStatusRoute } from '../api/tasks/task-status.route';
import { versionRoute } from '../api/version/version.route';
import type { RouteDefinition } from './route';

/** Every API method the simulator serves; the conformance test checks each against the PVE schema. */
export const ROUTE_TABLE: readonly RouteDefinition[] = [
  versionRoute,
  nodeListRoute,
  clusterResourcesRoute,
  ...guestListRoutes,
  ...guestStatusRoutes,
  ...guestPowerRoutes,
  taskStatusRoute,
];
