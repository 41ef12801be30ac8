import { Injectable } from '@nestjs/common';
import {
  Subjects,
  type QueryRequestOf,
  type QueryResponseOf,
  type TaskSummary,
} from '@proxmox-mpc/contracts';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';
import { nodesToRead } from './nodes-to-read';

const DEFAULT_LIMIT = 50;

export type ListTasks = QueryRequestOf<typeof Subjects.proxmoxTasksList> & { target?: string };
export type Tasks = QueryResponseOf<typeof Subjects.proxmoxTasksList>;

/** Recent Proxmox tasks, newest first, from one node or all of them. */
@Injectable()
export class ListTasksUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute({ target: name, node, vmid, errorsOnly, limit = DEFAULT_LIMIT }: ListTasks): Promise<Tasks> {
    return liveRead(this.targets, name, async (target) => {
      const perNode = await Promise.all(
        (await nodesToRead(target, node)).map((each) =>
          target.client.listTasks(each, {
            limit,
            ...(vmid === undefined ? {} : { vmid }),
            ...(errorsOnly ? { errors: true } : {}),
          }),
        ),
      );
      const tasks = perNode
        .flat()
        .sort((a, b) => b.starttime - a.starttime)
        .slice(0, limit)
        .map((task): TaskSummary => ({
          upid: task.upid,
          node: task.node,
          type: task.type,
          id: task.id ?? '',
          user: task.user,
          status: task.endtime === undefined ? 'running' : 'stopped',
          ...(task.status && task.endtime !== undefined ? { exitStatus: task.status } : {}),
          startedAt: new Date(task.starttime * 1000).toISOString(),
          ...(task.endtime === undefined ? {} : { endedAt: new Date(task.endtime * 1000).toISOString() }),
        }));
      return { target: target.name, tasks };
    });
  }
}
