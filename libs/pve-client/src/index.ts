export type { PveAuth } from './auth/pve-auth';
export { PveClient, type PvePowerAction } from './client/pve-client';
export type { PveClientOptions } from './client/pve-client-options';
export { PVE_API_ERROR_CODES, PveApiError, type PveApiErrorCode } from './errors/pve-api-error';
export type { CircuitBreakerOptions, CircuitChange, CircuitState } from './http/circuit-breaker';
export { ConcurrencyLimiter } from './http/concurrency-limiter';
export type { ApiCall, ApiMethod, ApiParamValue, PveRequestObservation } from './http/pve-http';
export * from './formats';
export type { WaitForTaskOptions } from './tasks/wait-for-task';
export type { PveBoolean } from './types/pve-boolean';
export type * from './types/pve-cluster-services';
export type {
  PveClusterResource,
  PveClusterResourceFilter,
  PveClusterResourceType,
} from './types/pve-cluster-resource';
export type {
  PveClusterStatusCluster,
  PveClusterStatusEntry,
  PveClusterStatusNode,
} from './types/pve-cluster-status';
export type { PveGuestListEntry, PveGuestRunState, PveGuestStatus, PveGuestType } from './types/pve-guest';
export type {
  PveConfigUpdateOptions,
  PveConfigValue,
  PveGuestConfig,
  PveGuestConfigOptions,
  PveGuestConfigQuery,
  PveLxcConfigOptions,
  PveLxcCreateParams,
  PveLxcOsType,
  PveQemuConfigOptions,
  PveQemuCreateParams,
  PveQemuOsType,
  PveRawConfig,
  PveRawCreateParams,
} from './types/pve-guest-config';
export type {
  PveAgentIpAddress,
  PveAgentNetworkInterface,
  PveBackupCompression,
  PveBackupMode,
  PveBackupParams,
  PveCloneParams,
  PveCreateSnapshotParams,
  PveDeleteGuestOptions,
  PveMigrateParams,
  PveResizeSize,
  PveRestoreParams,
  PveSnapshot,
} from './types/pve-guest-operations';
export type { PveNetworkInterface, PveNetworkInterfaceType, PveNetworkTypeFilter } from './types/pve-network';
export type { PveNodeEntry } from './types/pve-node';
export type { PvePermissions, PvePermissionsQuery } from './types/pve-permissions';
export type { PvePool, PvePoolEntry, PvePoolMember } from './types/pve-pool';
export type {
  PveNodeStorage,
  PveStorageConfig,
  PveStorageContentOptions,
  PveStorageContentType,
  PveStorageListOptions,
  PveStorageStatus,
  PveStorageVolume,
} from './types/pve-storage';
export type { PveTaskStatus } from './types/pve-task';
export type {
  PveTaskListEntry,
  PveTaskListFilters,
  PveTaskLogLine,
  PveTaskLogOptions,
  PveTaskStatusType,
} from './types/pve-task-list';
export type { PveTicket } from './types/pve-ticket';
export type { PveVersion } from './types/pve-version';
export { parseUpid, tryParseUpid, type ParsedUpid } from './upid/parse-upid';
