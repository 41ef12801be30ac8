import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { ReadLogUseCase, type LogReply } from './read-log.use-case';

@Controller()
export class LogReadHandler {
  constructor(private readonly readLog: ReadLogUseCase) {}

  @OnQuery(Subjects.proxmoxLogRead)
  handle(@Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxLogRead>>): Promise<LogReply> {
    return this.readLog.execute({ ...request.data, target: request.target });
  }
}
