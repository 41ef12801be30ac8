import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ApiToken, DEFAULT_SIM_TOKEN, TokenAuthenticator } from '../auth/api-token';
import { ApiRequestHandler } from '../http/api-request-handler';
import { ROUTE_TABLE } from '../routes/route-table';
import { SCENARIOS, type ScenarioName } from '../scenarios/scenarios';
import { SimulatorState } from '../state/simulator-state';
import { TaskEngine } from '../tasks/task-engine';

export interface PveSimulatorOptions {
  /** The seeded cluster; default 'homelab'. */
  scenario?: ScenarioName;
  /** API tokens the simulator accepts; default [DEFAULT_SIM_TOKEN]. */
  tokens?: ApiToken[];
  /** How long a power task reads 'running' before it finishes; default 300. */
  taskDurationMs?: number;
  /** Serve HTTPS with this PEM key and certificate. */
  tls?: { key: string; cert: string };
}

// Long enough for a client to observe a task running, short enough for tests.
const DEFAULT_TASK_DURATION_MS = 300;

/** A Proxmox VE API simulator on a local HTTP(S) port. */
export class PveSimulator {
  readonly state: SimulatorState;
  readonly #tasks: TaskEngine;
  readonly #server: Server;
  readonly #scheme: 'http' | 'https';
  #url: string | undefined;

  constructor(options: PveSimulatorOptions = {}) {
    this.state = new SimulatorState(SCENARIOS[options.scenario ?? 'homelab'](Date.now()));
    this.#tasks = new TaskEngine(this.state, options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS);
    const handler = new ApiRequestHandler(
      ROUTE_TABLE,
      new TokenAuthenticator(options.tokens ?? [DEFAULT_SIM_TOKEN]),
      { state: this.state, tasks: this.#tasks },
    );
    const listener: RequestListener = (request, response) => void handler.handle(request, response);
    this.#scheme = options.tls ? 'https' : 'http';
    this.#server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener);
  }

  /** The base URL (scheme, host, port) once started. */
  get url(): string {
    if (this.#url === undefined) throw new Error('the simulator is not started');
    return this.#url;
  }

  /** Listens on `port` (0 picks a free one) and resolves with the base URL. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.#url = `${this.#scheme}://${hostPart}:${address.port}`;
    return this.#url;
  }

  /** Stops listening, closes open connections and cancels pending task completions. */
  async stop(): Promise<void> {
    this.#tasks.dispose();
    if (!this.#server.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections();
    });
    this.#url = undefined;
  }
}
