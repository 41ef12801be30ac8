export { DEFAULT_SIM_TOKEN, type ApiToken } from './auth/api-token';
export type { ScenarioName } from './scenarios/scenarios';
export { PveSimulator, type PveSimulatorOptions } from './simulator/pve-simulator';
export type { ClusterNode, NodeStorage } from './state/cluster-node';
export type { Guest, GuestConfig, GuestRunState, GuestType } from './state/guest';
export { SimulatorState } from './state/simulator-state';
export type { SimTask } from './tasks/sim-task';
