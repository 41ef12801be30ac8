import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type TaskSummary } from '@proxmox-mpc/contracts';
import { toHandlerError } from '../targets/pve-errors';
import { TargetRegistry } from '../targets/target-registry';

const DEFAULT_LIMIT = 50;

interface TasksRequest {
  node?: string;
  vmid?: number;
  errorsOnly?: boolean;
  limit?: number;
}

/** Recent Proxmox tasks, newest first, from one node or all of them. */
@Controller()
export class TasksListHandler {
  constructor(private readonly targets: TargetRegistry) {}

  @OnQuery(Subjects.proxmoxTasksList)
  async handle(
    @Payload() request: Envelope<TasksRequest>,
  ): Promise<{ target: string; tasks: TaskSummary[] }> {
    const target = this.targets.resolve(request.target);
    const { node, vmid, errorsOnly, limit = DEFAULT_LIMIT } = request.data;
    try {
      const nodes = node
        ? [node]
        : (await target.client.nodes())
            .filter((entry) => entry.status === 'online')
            .map((entry) => entry.node);
      const perNode = await Promise.all(
        nodes.map((name) =>
          target.client.listTasks(name, {
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
    } catch (error) {
      throw toHandlerError(error);
    }
  }
}
