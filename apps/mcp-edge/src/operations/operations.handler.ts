import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { ListOperationsUseCase } from './list-operations.use-case';

type ListRequest = QueryRequestOf<typeof Subjects.mcpOperationsList>;
type ListResponse = QueryResponseOf<typeof Subjects.mcpOperationsList>;

/** What MCP callers have running (or waiting, failed…), for an operator's console. */
@Controller()
export class OperationsHandler {
  constructor(private readonly listOperations: ListOperationsUseCase) {}

  @OnQuery(Subjects.mcpOperationsList)
  async list(@Payload() request: Envelope<ListRequest>): Promise<ListResponse> {
    return {
      operations: await this.listOperations.execute(request.data.status ?? 'running', request.data.limit),
    };
  }
}
