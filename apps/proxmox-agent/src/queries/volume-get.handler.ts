import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetVolumeUseCase, type VolumeReply } from './get-volume.use-case';

@Controller()
export class VolumeGetHandler {
  constructor(private readonly getVolume: GetVolumeUseCase) {}

  @OnQuery(Subjects.proxmoxVolumeGet)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxVolumeGet>>,
  ): Promise<VolumeReply> {
    return this.getVolume.execute({ ...request.data, target: request.target });
  }
}
