import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type GuestDetail, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetGuestUseCase } from './get-guest.use-case';

@Controller()
export class GuestGetHandler {
  constructor(private readonly getGuest: GetGuestUseCase) {}

  @OnQuery(Subjects.proxmoxGuestGet)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxGuestGet>>,
  ): Promise<GuestDetail> {
    return this.getGuest.execute({ ...request.data, target: request.target });
  }
}
