import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import { decodeUpid } from '../../tasks/upid';

// Source: pve-manager PVE/API2/Tasks.pm read_task_status.
export const taskStatusRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/tasks/{upid}/status',
  parameters: { node: NODE_PARAMETER, upid: { type: 'string' } },
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: ({ params }, { state }) => {
    const upid = params['upid'];
    const fields = decodeUpid(upid);
    if (!fields) throw PveHttpError.parameters({ upid: 'unable to parse worker upid' });
    // Task logs live on the node that ran the task, so another node has no such task.
    const task = state.task(upid);
    if (!task || task.node !== params['node']) throw PveHttpError.parameters({ upid: 'no such task' });

    // PVE splits a token's id into user and tokenid (Tasks.pm $convert_token_task).
    const [user, tokenid] = fields.user.split('!', 2) as [string, string | undefined];
    return {
      upid,
      node: fields.node,
      pid: fields.pid,
      pstart: fields.pstart,
      starttime: fields.starttime,
      type: fields.type,
      id: fields.id,
      user,
      ...(tokenid !== undefined && { tokenid }),
      status: task.status,
      ...(task.exitstatus !== undefined && { exitstatus: task.exitstatus }),
    };
  },
};
