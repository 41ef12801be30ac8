import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  type AccessConfig,
  type ApiToken,
  DEFAULT_ROOT_PASSWORD,
  DEFAULT_SIM_TOKEN,
} from '../auth/access-config';
import { AccessControl } from '../auth/access-control';
import { RequestAuthenticator } from '../auth/request-authenticator';
import { PVE_TICKET_LIFETIME_MS, TicketIssuer } from '../auth/tickets';
import { FaultInjectingTaskEngine } from '../faults/fault-injecting-task-engine';
import { FaultInjector } from '../faults/fault-injector';
import type { FaultOptions } from '../faults/fault-options';
import { ApiRequestHandler } from '../http/api-request-handler';
import { RequestStats } from '../http/request-stats';
import { ROUTE_TABLE } from '../routes/route-table';
import { SCENARIOS, type ScenarioName } from '../scenarios/scenarios';
import type { NodeStorage } from '../state/cluster-node';
import { type ClusterInventory, SimulatorState } from '../state/simulator-state';
import type { TaskEngine } from '../tasks/task-engine';
import { type TlsCertificate, generateSelfSignedCertificate } from './self-signed-certificate';

export interface PveSimulatorOptions {
  /** The seeded cluster; default 'homelab'. */
  scenario?: ScenarioName;
  /**
   * API tokens the simulator accepts; default [DEFAULT_SIM_TOKEN] (root@pam!mpc,
   * not privilege-separated, so it can do everything). A token's user is created if
   * no scenario or `access` entry defines it.
   */
  tokens?: ApiToken[];
  /** Users, groups, custom roles, more tokens and ACLs, added to the scenario's. */
  access?: AccessConfig;
  /** The password of root@pam for ticket logins; default DEFAULT_ROOT_PASSWORD. */
  rootPassword?: string;
  /** How long a ticket (and its CSRF token) stays valid; default PVE's 2 hours. */
  ticketLifetimeMs?: number;
  /** How long a task reads 'running' before it finishes; default 300. */
  taskDurationMs?: number;
  /** Durations by worker type that differ from taskDurationMs, e.g. `{ vzdump: 2_000, qmigrate: 1_000 }`. */
  taskDurationsMs?: Readonly<Record<string, number>>;
  /** After a VM with the guest agent enabled starts, how long until the agent answers; default 200. */
  guestAgentDelayMs?: number;
  /** Faults injected from the start; change them later with `faults` or `/_sim/faults`. */
  faults?: FaultOptions;
  /** Serve HTTPS with this PEM key and certificate, or with one made at start ('self-signed', needs openssl). */
  tls?: TlsCertificate | 'self-signed';
  /**
   * Cluster features of the scenario this run leaves out, for clusters that lack them:
   * `ha` (nobody configured HA: no resources, no CRM master), `firewall` (no firewall
   * config files, so the firewall is off and has no rules).
   */
  without?: readonly OptionalFeature[];
  /** Storages beyond the scenario's, e.g. an NFS share to move disks to. */
  storages?: readonly NodeStorage[];
}

/** Cluster features a scenario may have and a run may leave out. */
export type OptionalFeature = 'ha' | 'firewall';

// Long enough for a client to observe a task running, short enough for tests.
const DEFAULT_TASK_DURATION_MS = 300;

/** A Proxmox VE API simulator on a local HTTP(S) port. */
export class PveSimulator {
  readonly state: SimulatorState;
  /** Users, tokens, roles and ACLs. */
  readonly access: AccessControl;
  /** Injected faults; `configure` replaces them, `reset` clears them. */
  readonly faults: FaultInjector;
  /** Server-side request counters (in flight, most in flight at once). */
  readonly stats = new RequestStats();
  readonly #tasks: TaskEngine;
  readonly #listener: RequestListener;
  readonly #tls: PveSimulatorOptions['tls'];
  #server: Server | undefined;
  #certificate: TlsCertificate | undefined;
  #url: string | undefined;

  constructor(options: PveSimulatorOptions = {}) {
    const inventory = SCENARIOS[options.scenario ?? 'homelab'](Date.now());
    const storages = [...inventory.storages, ...(options.storages ?? [])];
    this.state = new SimulatorState(withoutFeatures({ ...inventory, storages }, options.without ?? []));
    this.access = new AccessControl(accessConfig(this.state, options), () => this.state.pools());
    this.faults = new FaultInjector(this.state, options.faults);
    this.#tasks = new FaultInjectingTaskEngine(
      this.state,
      {
        defaultMs: options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS,
        ...(options.taskDurationsMs && { byTypeMs: options.taskDurationsMs }),
        ...(options.guestAgentDelayMs !== undefined && { guestAgentDelayMs: options.guestAgentDelayMs }),
      },
      this.faults,
    );
    const tickets = new TicketIssuer(options.ticketLifetimeMs ?? PVE_TICKET_LIFETIME_MS);
    const handler = new ApiRequestHandler(
      ROUTE_TABLE,
      {
        authenticator: new RequestAuthenticator(this.access, tickets),
        access: this.access,
        faults: this.faults,
        stats: this.stats,
      },
      { state: this.state, tasks: this.#tasks, access: this.access, tickets },
    );
    this.#listener = (request, response) => void handler.handle(request, response);
    this.#tls = options.tls;
    if (options.tls !== 'self-signed') this.#certificate = options.tls;
  }

  /** The base URL (scheme, host, port) once started. */
  get url(): string {
    if (this.#url === undefined) throw new Error('the simulator is not started');
    return this.#url;
  }

  /** The PEM certificate it serves HTTPS with (for a client's CA), once known. */
  get certificate(): string | undefined {
    return this.#certificate?.cert;
  }

  /** Listens on `port` (0 picks a free one) and resolves with the base URL. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.#tls === 'self-signed' && !this.#certificate) {
      this.#certificate = await generateSelfSignedCertificate(['localhost', '127.0.0.1', '::1', host]);
    }
    const server = this.#certificate
      ? createHttpsServer(this.#certificate, this.#listener)
      : createHttpServer(this.#listener);
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.#url = `${this.#certificate ? 'https' : 'http'}://${hostPart}:${address.port}`;
    return this.#url;
  }

  /** Stops listening, closes open connections (hanging requests too) and cancels pending task completions. */
  async stop(): Promise<void> {
    this.#tasks.dispose();
    const server = this.#server;
    if (!server?.listening) return;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    // Their connections are gone; nothing is left to answer.
    this.faults.abandonHeld();
    this.#url = undefined;
  }
}

/** root@pam, the scenario's users and ACLs, then the options' own. */
function accessConfig(state: SimulatorState, options: PveSimulatorOptions): AccessConfig {
  const scenario = state.scenarioAccess;
  const extra = options.access ?? {};
  return {
    users: [
      { userid: 'root@pam', password: options.rootPassword ?? DEFAULT_ROOT_PASSWORD },
      ...(scenario.users ?? []),
      ...(extra.users ?? []),
    ],
    groups: [...(scenario.groups ?? []), ...(extra.groups ?? [])],
    roles: { ...scenario.roles, ...extra.roles },
    tokens: [...(options.tokens ?? [DEFAULT_SIM_TOKEN]), ...(scenario.tokens ?? []), ...(extra.tokens ?? [])],
    acl: [...(scenario.acl ?? []), ...(extra.acl ?? [])],
  };
}

function withoutFeatures(inventory: ClusterInventory, without: readonly OptionalFeature[]): ClusterInventory {
  const { ha, firewall, ...rest } = inventory;
  return {
    ...rest,
    ...(ha && !without.includes('ha') && { ha }),
    ...(firewall && !without.includes('firewall') && { firewall }),
  };
}
