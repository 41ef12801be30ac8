import type { TokenIdentity } from '../auth/api-token';
import type { SimulatorState } from '../state/simulator-state';
import type { TaskEngine } from '../tasks/task-engine';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The formats (PVE `register_format`) the simulator verifies. */
export type ParameterFormat = 'pve-vmid' | 'pve-node';

/** One parameter, declared with the same JSON-schema terms the PVE API schema uses. */
export interface ParameterSpec {
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  readonly optional?: boolean;
  readonly format?: ParameterFormat;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
}

/** Every parameter a route accepts; like PVE (`additionalProperties => 0`) it rejects any other. */
export type RouteParameters = Readonly<Record<string, ParameterSpec>>;

export interface SimulatorContext {
  readonly state: SimulatorState;
  readonly tasks: TaskEngine;
}

/** A request that passed authentication and parameter verification. */
export interface RouteCall {
  /** Path and request parameters, verified against the route's declaration. */
  readonly params: Readonly<Record<string, string>>;
  readonly identity: TokenIdentity;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** The path below /api2/json as the PVE schema writes it, e.g. `/nodes/{node}/qemu`. */
  readonly path: string;
  readonly parameters: RouteParameters;
  /** PVE's `proxyto => 'node'`: the request is forwarded to (and must name) a cluster node. */
  readonly proxyToNode?: boolean;
  readonly handle: (call: RouteCall, context: SimulatorContext) => unknown;
}
