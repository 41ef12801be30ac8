import type { AccessControl } from '../auth/access-control';
import type { RoutePermissions } from '../auth/permission-check';
import type { PermissionEvaluator } from '../auth/permission-evaluator';
import type { TicketIssuer } from '../auth/tickets';
import type { AuthIdentity } from '../auth/user-id';
import type { ParameterValueFormat } from '../formats/named-formats';
import type { SimulatorState } from '../state/simulator-state';
import type { TaskEngine } from '../tasks/task-engine';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The formats (PVE `register_format`) the simulator verifies, or a property-string format given inline. */
export type ParameterFormat = ParameterValueFormat;

/** One parameter, declared with the same JSON-schema terms the PVE API schema uses. */
export interface ParameterSpec {
  /** `array`: a list of strings (agent exec's `command`), by JSON array or a repeated form field. */
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  readonly optional?: boolean;
  readonly format?: ParameterFormat;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
  /** A regular expression the whole value must match (the schema's `pattern`). */
  readonly pattern?: RegExp;
  /** The schema's `maxLength`. */
  readonly maxLength?: number;
  /** Another parameter that must be present when this one is (the schema's `requires`). */
  readonly requires?: string;
  /**
   * For a `name[n]` parameter (the schema's `scsi[n]`, PVE's scsi0…scsi30): the highest n.
   * The route then accepts `name0`…`name<maxIndex>`, each checked against this spec.
   */
  readonly maxIndex?: number;
}

/** Every parameter a route accepts; like PVE (`additionalProperties => 0`) it rejects any other. */
export type RouteParameters = Readonly<Record<string, ParameterSpec>>;

export interface SimulatorContext {
  readonly state: SimulatorState;
  readonly tasks: TaskEngine;
  /** Users, tokens, roles and ACLs (PVE's user.cfg). */
  readonly access: AccessControl;
  readonly tickets: TicketIssuer;
}

/** A request that passed authentication and parameter verification. */
export interface RouteCall {
  /** Path and request parameters, verified against the route's declaration. */
  readonly params: Readonly<Record<string, string>>;
  /** The verified parameters of type array, by name. */
  readonly arrays: Readonly<Record<string, readonly string[]>>;
  /** Who called; `authId` is what UPIDs and task lists carry. Empty for the unauthenticated login calls. */
  readonly identity: AuthIdentity;
  /**
   * The caller's permissions, for the checks a PVE handler makes itself (listings
   * that show only what the caller may audit, a second object named by a parameter).
   */
  readonly access: PermissionEvaluator;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** The path below /api2/json as the PVE schema writes it, e.g. `/nodes/{node}/qemu`. */
  readonly path: string;
  readonly parameters: RouteParameters;
  /**
   * PVE's `fragmentDelimiter => ''`: the last path parameter takes the rest of the URI,
   * slashes included (a volume id such as `local:iso/debian.iso`).
   */
  readonly restOfPath?: true;
  /** PVE's `proxyto => 'node'`: the request is forwarded to (and must name) a cluster node. */
  readonly proxyToNode?: boolean;
  /**
   * What the caller needs, copied from the PVE method's `permissions` (the schema's
   * `permissions.check`/`user`); checked before the node proxy and parameter
   * verification, as PVE does. The conformance test compares it with the schema.
   */
  readonly permissions: RoutePermissions;
  /** PVE's `allowtoken => 0`: the method refuses API tokens (403). */
  readonly allowToken?: false;
  readonly handle: (call: RouteCall, context: SimulatorContext) => unknown;
}
