import { DEFAULT_SIM_TOKEN } from '../auth/access-config';
import type { PveSimulator } from '../simulator/pve-simulator';
import type { Guest } from '../state/guest';
import type { SimTask } from '../tasks/sim-task';

export interface ApiResponse {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string | null;
  readonly text: string;
  /** The parsed body, or undefined when there is none. */
  readonly body: { data: unknown; message?: string; errors?: Record<string, string> } | undefined;
}

export const DEFAULT_AUTHORIZATION = `PVEAPIToken=${DEFAULT_SIM_TOKEN.tokenId}=${DEFAULT_SIM_TOKEN.secret}`;

/** Calls the simulator over real HTTP with the default token unless another Authorization is given. */
export async function callApi(
  simulator: PveSimulator,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: {
    authorization?: string | null;
    body?: string;
    contentType?: string;
    /** More headers, e.g. a ticket cookie and its CSRF token. */
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const authorization = options.authorization === undefined ? DEFAULT_AUTHORIZATION : options.authorization;
  if (authorization !== null) headers['authorization'] = authorization;
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`${simulator.url}${path}`, { method, headers, body: options.body ?? null });
  const text = await response.text();
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('content-type'),
    text,
    body: text ? (JSON.parse(text) as ApiResponse['body']) : undefined,
  };
}

export function api(path: string): string {
  return `/api2/json${path}`;
}

/** Resolves once the simulator's task has stopped. */
export async function taskStopped(
  simulator: PveSimulator,
  upid: string,
  timeoutMs = 5_000,
): Promise<SimTask> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = simulator.state.task(upid);
    if (task?.status === 'stopped') return task;
    if (Date.now() > deadline) throw new Error(`task ${upid} did not stop within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** POSTs a power action and waits for its task to stop. */
export async function powerAndWait(simulator: PveSimulator, path: string): Promise<SimTask> {
  const response = await callApi(simulator, 'POST', api(path));
  if (response.status !== 200) throw new Error(`POST ${path}: ${response.status} ${response.statusText}`);
  return taskStopped(simulator, response.body?.data as string);
}

/** The simulator's guest with this vmid; fails the test when the scenario has none. */
export function requireGuest(simulator: PveSimulator, vmid: number): Guest {
  const guest = simulator.state.guest(vmid);
  if (!guest) throw new Error(`the scenario has no guest ${vmid}`);
  return guest;
}
