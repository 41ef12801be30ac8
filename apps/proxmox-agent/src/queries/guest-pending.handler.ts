import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetPendingChangesUseCase, type PendingChanges } from './get-pending-changes.use-case';

@Controller()
export class GuestPendingHandler {
  constructor(private readonly getPendingChanges: GetPendingChangesUseCase) {}

  @OnQuery(Subjects.proxmoxGuestPending)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxGuestPending>>,
  ): Promise<PendingChanges> {
    return this.getPendingChanges.execute({ ...request.data, target: request.target });
  }
}
