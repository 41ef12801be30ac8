import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type StorageListRequest } from '@proxmox-mpc/contracts';
import { ListStorageUseCase, type Storages } from './list-storage.use-case';

@Controller()
export class StorageListHandler {
  constructor(private readonly listStorage: ListStorageUseCase) {}

  @OnQuery(Subjects.proxmoxStorageList)
  handle(@Payload() request: Envelope<StorageListRequest>): Promise<Storages> {
    return this.listStorage.execute({ ...request.data, target: request.target });
  }
}
