import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { ListSnapshotsUseCase, type Snapshots } from './list-snapshots.use-case';

@Controller()
export class SnapshotsListHandler {
  constructor(private readonly listSnapshots: ListSnapshotsUseCase) {}

  @OnQuery(Subjects.proxmoxSnapshotsList)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxSnapshotsList>>,
  ): Promise<Snapshots> {
    return this.listSnapshots.execute({ ...request.data, target: request.target });
  }
}
