import type { PermissionEvaluator } from '../../auth/permission-evaluator';
import { splitList } from '../../formats/value-checks';
import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { SimTask } from '../../tasks/sim-task';
import { decodeUpid } from '../../tasks/upid';

// Source: pve-manager PVE/API2/Tasks.pm (node_tasks, upid_index, read_task_log) and
// pve-common PVE::Tools::dump_logfile, PVE::UPID::normalize_status_type.

/** PVE splits a token's UPID user into `user` and `tokenid` (Tasks.pm $convert_token_task). */
export function taskUser(task: SimTask): { user: string; tokenid?: string } {
  const [user, tokenid] = task.user.split('!', 2) as [string, string | undefined];
  return tokenid === undefined ? { user } : { user, tokenid };
}

/** $check_task_user: the caller owns the task (as the user or as the very token). */
function ownsTask(task: SimTask, authId: string): boolean {
  const { user } = taskUser(task);
  return authId === user || authId === task.user;
}

/** A user may read their own tasks; Sys.Audit on the node shows everyone's. */
function mayRead(access: PermissionEvaluator, node: string): (task: SimTask) => boolean {
  const auditor = access.check(`/nodes/${node}`, ['Sys.Audit'], { noerr: true });
  return (task) => auditor || ownsTask(task, access.authId);
}

/** PVE::UPID::normalize_status_type. */
function statusType(task: SimTask): 'ok' | 'warning' | 'error' | 'unknown' {
  const status = task.exitstatus;
  if (!status) return 'unknown';
  if (status === 'OK') return 'ok';
  if (/^WARNINGS: \d+$/.test(status)) return 'warning';
  return status === 'unexpected status' ? 'unknown' : 'error';
}

function listEntry(task: SimTask): Record<string, string | number> {
  return {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    ...taskUser(task),
    // Running tasks come from the `active` file and read RUNNING; finished ones from the index.
    status: task.status === 'running' ? 'RUNNING' : (task.exitstatus ?? 'unexpected status'),
    ...(task.endtime !== undefined && { endtime: task.endtime }),
  };
}

const taskListRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/tasks',
  parameters: {
    node: NODE_PARAMETER,
    start: { type: 'integer', optional: true, minimum: 0 },
    limit: { type: 'integer', optional: true, minimum: 0 },
    userfilter: { type: 'string', optional: true },
    typefilter: { type: 'string', optional: true },
    vmid: { ...VMID_PARAMETER, optional: true },
    errors: { type: 'boolean', optional: true },
    source: { type: 'string', optional: true, enum: ['archive', 'active', 'all'] },
    since: { type: 'integer', optional: true },
    until: { type: 'integer', optional: true },
    statusfilter: { type: 'string', optional: true, format: 'pve-task-status-type-list' },
  },
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const node = params['node'] ?? '';
    const start = Number(params['start'] ?? 0);
    let limit = Number(params['limit'] ?? 50);
    const source = params['source'] ?? 'archive';
    const errorsOnly = params['errors'] === '1';
    const statuses = new Set(['ok', 'warning', 'error', 'unknown']);
    if (params['statusfilter'] !== undefined && !errorsOnly) {
      statuses.clear();
      for (const status of splitList(params['statusfilter'])) statuses.add(status.toLowerCase());
    } else if (errorsOnly) {
      statuses.delete('ok');
    }
    const readable = mayRead(access, node);
    const userfilter = params['userfilter']?.toLowerCase();
    let count = 0;
    const selected = (task: SimTask): boolean => {
      if (userfilter !== undefined && !task.user.toLowerCase().includes(userfilter)) return false;
      if (!readable(task)) return false;
      if (params['typefilter'] !== undefined && task.type !== params['typefilter']) return false;
      if (params['vmid'] !== undefined && task.id !== params['vmid']) return false;
      if (params['since'] !== undefined && task.starttime < Number(params['since'])) return false;
      if (params['until'] !== undefined && task.starttime > Number(params['until'])) return false;
      if (task.status === 'stopped' && !statuses.has(statusType(task))) return false;
      if (task.status === 'running' && !statuses.has('unknown')) return false;
      if (count++ < start) return false;
      return limit > 0;
    };

    const onNode = state.tasks().filter((task) => task.node === node);
    const newestFirst = (a: SimTask, b: SimTask) =>
      (b.endtime ?? b.starttime) - (a.endtime ?? a.starttime) || b.pid - a.pid;
    const result: Array<Record<string, string | number>> = [];
    const take = (tasks: SimTask[]) => {
      for (const task of tasks) {
        if (!selected(task)) continue;
        result.push(listEntry(task));
        limit -= 1;
      }
    };
    if (source === 'active' || source === 'all')
      take(onNode.filter((task) => task.status === 'running').sort(newestFirst));
    if (source !== 'active') take(onNode.filter((task) => task.status === 'stopped').sort(newestFirst));
    return result;
  },
};

/** The task on this node, or PVE's 400 naming the upid. */
function findTask(state: { task(upid: string): SimTask | undefined }, node: string, upid: string): SimTask {
  if (!decodeUpid(upid)) throw PveHttpError.parameters({ upid: 'unable to parse worker upid' });
  const task = state.task(upid);
  // Task logs live on the node that ran the task, so another node has no such task.
  if (!task || task.node !== node) throw PveHttpError.parameters({ upid: 'no such task' });
  return task;
}

const taskIndexRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/tasks/{upid}',
  parameters: { node: NODE_PARAMETER, upid: { type: 'string' } },
  permissions: { user: 'all' },
  handle: () => [{ name: 'log' }, { name: 'status' }],
};

const taskLogRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/tasks/{upid}/log',
  parameters: {
    node: NODE_PARAMETER,
    upid: { type: 'string' },
    start: { type: 'integer', optional: true, minimum: 0 },
    limit: { type: 'integer', optional: true, minimum: 0 },
  },
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const node = params['node'] ?? '';
    const task = findTask(state, node, params['upid'] ?? '');
    if (!ownsTask(task, access.authId)) access.check(`/nodes/${node}`, ['Sys.Audit']);
    const start = Number(params['start'] ?? 0);
    const limit = Number(params['limit'] ?? 50);
    // dump_logfile: line numbers count from 1; a limit of 0 reads to the end.
    const lines = task.log
      .map((text, index) => ({ n: index + 1, t: text }))
      .slice(start, limit === 0 ? undefined : start + limit);
    // ExtJS wants at least one line, so an empty log reads "no content".
    return task.log.length === 0 ? [{ n: 1, t: 'no content' }] : lines;
  },
};

/** pve-manager Tasks.pm stop_task: the owner, or whoever may modify the node, stops a running task. */
const taskStopRoute: RouteDefinition = {
  method: 'DELETE',
  path: '/nodes/{node}/tasks/{upid}',
  parameters: { node: NODE_PARAMETER, upid: { type: 'string' } },
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: ({ params, access }, { state, tasks }) => {
    const node = params['node'] ?? '';
    const task = findTask(state, node, params['upid'] ?? '');
    if (!ownsTask(task, access.authId)) access.check(`/nodes/${node}`, ['Sys.Modify']);
    tasks.interrupt(task.upid);
    return null;
  },
};

export const taskListRoutes: readonly RouteDefinition[] = [
  taskListRoute,
  taskIndexRoute,
  taskLogRoute,
  taskStopRoute,
];
