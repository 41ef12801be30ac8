import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetHaStatusUseCase, type HaStatusReply } from './get-ha-status.use-case';

@Controller()
export class HaStatusHandler {
  constructor(private readonly getHaStatus: GetHaStatusUseCase) {}

  @OnQuery(Subjects.proxmoxHaStatus)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxHaStatus>>,
  ): Promise<HaStatusReply> {
    return this.getHaStatus.execute({ ...request.data, target: request.target });
  }
}
