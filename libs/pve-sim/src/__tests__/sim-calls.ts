import type { PveSimulator } from '../simulator/pve-simulator';
import type { SimTask } from '../tasks/sim-task';
import { type ApiResponse, api, callApi, taskStopped } from './sim-http';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Calls the simulator the way PVE clients do: parameters form-encoded in the body of
 * POST and PUT, in the query string of GET and DELETE.
 */
export async function send(
  simulator: PveSimulator,
  method: Method,
  path: string,
  params: Record<string, string | number> = {},
): Promise<ApiResponse> {
  const encoded = new URLSearchParams(
    Object.entries(params).map(([name, value]): [string, string] => [name, String(value)]),
  ).toString();
  if (method === 'GET' || method === 'DELETE') {
    return callApi(simulator, method, api(encoded ? `${path}?${encoded}` : path));
  }
  return callApi(simulator, method, api(path), {
    body: encoded,
    contentType: 'application/x-www-form-urlencoded',
  });
}

/** The `data` of a 200 answer; anything else fails the test with PVE's message. */
export async function dataOf(
  simulator: PveSimulator,
  method: Method,
  path: string,
  params: Record<string, string | number> = {},
): Promise<unknown> {
  const response = await send(simulator, method, path, params);
  if (response.status !== 200) {
    throw new Error(`${method} ${path}: ${response.status} ${response.body?.message ?? response.statusText}`);
  }
  return response.body?.data;
}

/** Calls a worker method and resolves with its finished task. */
export async function runTask(
  simulator: PveSimulator,
  method: Method,
  path: string,
  params: Record<string, string | number> = {},
): Promise<SimTask> {
  const upid = await dataOf(simulator, method, path, params);
  if (typeof upid !== 'string') throw new Error(`${method} ${path}: no UPID in ${JSON.stringify(upid)}`);
  return taskStopped(simulator, upid);
}

/** Like runTask, but the task must end OK. */
export async function runTaskOk(
  simulator: PveSimulator,
  method: Method,
  path: string,
  params: Record<string, string | number> = {},
): Promise<SimTask> {
  const task = await runTask(simulator, method, path, params);
  if (task.exitstatus !== 'OK') {
    throw new Error(`${method} ${path}: task ended with ${task.exitstatus}\n${task.log.join('\n')}`);
  }
  return task;
}
