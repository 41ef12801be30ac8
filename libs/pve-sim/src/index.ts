export {
  type AccessConfig,
  type AclEntry,
  type ApiToken,
  DEFAULT_ROOT_PASSWORD,
  DEFAULT_SIM_TOKEN,
  type SimUser,
} from './auth/access-config';
export { BUILT_IN_ROLES, type Privilege } from './auth/privileges';
export type { FaultInjector } from './faults/fault-injector';
export { formatSize, parseSize } from './formats/disk-size';
export {
  IPCONFIG_FORMAT,
  LXC_NET_FORMAT,
  QEMU_DRIVE_FORMAT,
  QEMU_NET_FORMAT,
} from './formats/guest-property-formats';
export {
  type PropertyFormat,
  parsePropertyString,
  printPropertyString,
  PropertyStringError,
} from './formats/property-string';
export type { FaultOptions, InjectedErrorStatus, NodeFault, TaskFailure } from './faults/fault-options';
export type { RequestStatsSnapshot } from './http/request-stats';
export { HOMELAB_NFS_SHARE } from './scenarios/homelab-services';
export type { ScenarioName } from './scenarios/scenarios';
export { type OptionalFeature, PveSimulator, type PveSimulatorOptions } from './simulator/pve-simulator';
export { generateSelfSignedCertificate, type TlsCertificate } from './simulator/self-signed-certificate';
export type {
  ClusterNode,
  NetworkInterface,
  NodeStorage,
  ResourcePool,
  StorageContent,
  StorageVolume,
} from './state/cluster-node';
export type { FirewallConfig, FirewallInventory, FirewallRule } from './state/firewall-state';
export type { Guest, GuestConfig, GuestRunState, GuestType } from './state/guest';
export type { HaRequestState, HaResource } from './state/ha-state';
export type { ApplianceTemplate, BackupJob, PhysicalDisk, RemoteFile } from './state/node-hardware';
export { SimulatorState } from './state/simulator-state';
export type { SimTask } from './tasks/sim-task';
export type { TaskTimings } from './tasks/task-engine';
