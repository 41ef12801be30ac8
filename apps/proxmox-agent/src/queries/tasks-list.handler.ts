import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { ListTasksUseCase, type Tasks } from './list-tasks.use-case';

@Controller()
export class TasksListHandler {
  constructor(private readonly listTasks: ListTasksUseCase) {}

  @OnQuery(Subjects.proxmoxTasksList)
  handle(@Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxTasksList>>): Promise<Tasks> {
    return this.listTasks.execute({ ...request.data, target: request.target });
  }
}
