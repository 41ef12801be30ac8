import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf } from '@proxmox-mpc/contracts';
import { GetNodeStatusUseCase, type NodeStatusReply } from './get-node-status.use-case';

@Controller()
export class NodeStatusHandler {
  constructor(private readonly getNodeStatus: GetNodeStatusUseCase) {}

  @OnQuery(Subjects.proxmoxNodeStatus)
  handle(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.proxmoxNodeStatus>>,
  ): Promise<NodeStatusReply> {
    return this.getNodeStatus.execute({ ...request.data, target: request.target });
  }
}
