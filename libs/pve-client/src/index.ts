export { PveClient, type PvePowerAction } from './client/pve-client';
export type { PveClientOptions, PveRequestObservation } from './client/pve-client-options';
export { PVE_API_ERROR_CODES, PveApiError, type PveApiErrorCode } from './errors/pve-api-error';
export type { WaitForTaskOptions } from './tasks/wait-for-task';
export type { PveBoolean } from './types/pve-boolean';
export type {
  PveClusterResource,
  PveClusterResourceFilter,
  PveClusterResourceType,
} from './types/pve-cluster-resource';
export type { PveGuestListEntry, PveGuestRunState, PveGuestStatus, PveGuestType } from './types/pve-guest';
export type { PveNodeEntry } from './types/pve-node';
export type { PveTaskStatus } from './types/pve-task';
export type { PveVersion } from './types/pve-version';
export { parseUpid, type ParsedUpid } from './upid/parse-upid';
