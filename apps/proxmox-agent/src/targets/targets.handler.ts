import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCommand, OnQuery } from '@proxmox-mpc/bus';
import {
  originFrom,
  Subjects,
  type DataOf,
  type Envelope,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { AddTargetUseCase } from './add-target.use-case';
import { ListTargetsUseCase } from './list-targets.use-case';

/** The clusters this agent manages: listed, and connected at run time (an operator's `/init`). */
@Controller()
export class TargetsHandler {
  constructor(
    private readonly listTargets: ListTargetsUseCase,
    private readonly addTarget: AddTargetUseCase,
  ) {}

  @OnQuery(Subjects.proxmoxTargetsList)
  list(): Promise<QueryResponseOf<typeof Subjects.proxmoxTargetsList>> {
    return this.listTargets.execute();
  }

  @OnCommand(Subjects.proxmoxTargetAdd)
  async add(@Payload() command: Envelope<DataOf<typeof Subjects.proxmoxTargetAdd>>): Promise<void> {
    await this.addTarget.execute({ ...command.data, origin: originFrom(command) });
  }
}
