import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCommand } from '@proxmox-mpc/bus';
import {
  Subjects,
  type Envelope,
  type StorageDownloadRequested,
  type StorageVolumeDeleteRequested,
  type TaskStopRequested,
} from '@proxmox-mpc/contracts';
import { OperationRunner } from './operation-runner';
import { downloadOperation } from './plans/download.plan';
import { taskStopOperation } from './plans/task-stop.plan';
import { volumeDeleteOperation } from './plans/volume-delete.plan';

type Result = ReturnType<OperationRunner['run']>;

/** Operations on a node's storage and tasks rather than a guest; the same runner and journal. */
@Controller()
export class NodeOperationsHandler {
  constructor(private readonly runner: OperationRunner) {}

  @OnCommand(Subjects.proxmoxStorageDownload)
  download(@Payload() command: Envelope<StorageDownloadRequested>): Result {
    return this.runner.run(command, downloadOperation);
  }

  @OnCommand(Subjects.proxmoxStorageVolumeDelete)
  deleteVolume(@Payload() command: Envelope<StorageVolumeDeleteRequested>): Result {
    return this.runner.run(command, volumeDeleteOperation);
  }

  @OnCommand(Subjects.proxmoxTaskStop)
  stopTask(@Payload() command: Envelope<TaskStopRequested>): Result {
    return this.runner.run(command, taskStopOperation);
  }
}
