import type {
  PveTaskListEntry,
  PveTaskListFilters,
  PveTaskLogLine,
  PveTaskLogOptions,
} from '../types/pve-task-list';
import { type ApiCaller, assertVmid, defined, refuse } from './api-caller';

const STATUS_TYPES = new Set(['ok', 'warning', 'error', 'unknown']);

/** GET /nodes/{node}/tasks: the node's tasks, newest first; finished ones unless `source` says otherwise. */
export async function listTasks(
  call: ApiCaller,
  node: string,
  filters: PveTaskListFilters = {},
): Promise<PveTaskListEntry[]> {
  const template = '/nodes/{node}/tasks';
  const label = `GET ${template}`;
  if (filters.vmid !== undefined) assertVmid(label, 'vmid', filters.vmid);
  for (const status of filters.statusfilter ?? []) {
    if (!STATUS_TYPES.has(status)) refuse(label, 'statusfilter', `invalid status '${status}'`);
  }
  const query = defined({ ...filters, statusfilter: filters.statusfilter?.join(',') });
  return (await call({ method: 'GET', template, params: { node }, query })) as PveTaskListEntry[];
}

/** GET /nodes/{node}/tasks/{upid}/log: numbered lines; a finished task's last line is "TASK OK" or "TASK ERROR: …". */
export async function taskLog(
  call: ApiCaller,
  node: string,
  upid: string,
  options: PveTaskLogOptions = {},
): Promise<PveTaskLogLine[]> {
  const template = '/nodes/{node}/tasks/{upid}/log';
  const query = defined({ start: options.start, limit: options.limit });
  return (await call({ method: 'GET', template, params: { node, upid }, query })) as PveTaskLogLine[];
}

/** DELETE /nodes/{node}/tasks/{upid}: stops a running task (its worker ends "received interrupt"). */
export async function stopTask(call: ApiCaller, node: string, upid: string): Promise<void> {
  await call({ method: 'DELETE', template: '/nodes/{node}/tasks/{upid}', params: { node, upid } });
}
