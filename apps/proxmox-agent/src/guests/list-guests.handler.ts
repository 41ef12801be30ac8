import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import {
  Subjects,
  type Envelope,
  type GuestsListRequest,
  type GuestsListResponse,
} from '@proxmox-mpc/contracts';
import { ListGuestsUseCase } from './list-guests.use-case';

@Controller()
export class ListGuestsHandler {
  constructor(private readonly useCase: ListGuestsUseCase) {}

  @OnQuery(Subjects.proxmoxGuestsList)
  handle(@Payload() request: Envelope<GuestsListRequest>): Promise<GuestsListResponse> {
    return this.useCase.execute(request);
  }
}
