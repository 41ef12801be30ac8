import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCommand, OnQuery } from '@proxmox-mpc/bus';
import {
  Subjects,
  type DataOf,
  type Envelope,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { operatorOfCommand } from '../admin/operator-command';
import { DecideApprovalUseCase } from './decide-approval.use-case';
import { ListApprovalsUseCase } from './list-approvals.use-case';

type ListRequest = QueryRequestOf<typeof Subjects.mcpApprovalsList>;
type ListResponse = QueryResponseOf<typeof Subjects.mcpApprovalsList>;

/**
 * The operator's side of approvals over the bus (the console), beside the admin HTTP
 * endpoints: the same use cases, the operator being the command's actor. A refusal
 * (unknown, own request, decided already, expired) ends the command as
 * evt.bus.message.failed with its code, which the console shows.
 */
@Controller()
export class ApprovalsHandler {
  constructor(
    private readonly listApprovals: ListApprovalsUseCase,
    private readonly decideApproval: DecideApprovalUseCase,
  ) {}

  @OnQuery(Subjects.mcpApprovalsList)
  async list(@Payload() request: Envelope<ListRequest>): Promise<ListResponse> {
    return { approvals: await this.listApprovals.execute(request.data.status) };
  }

  @OnCommand(Subjects.mcpApprovalDecide)
  async decide(@Payload() command: Envelope<DataOf<typeof Subjects.mcpApprovalDecide>>): Promise<void> {
    const { approvalId, decision, reason } = command.data;
    await this.decideApproval.execute({
      approvalId,
      decision,
      decidedBy: operatorOfCommand(command, 'decide an approval'),
      ...(reason === undefined ? {} : { reason }),
      causationId: command.id,
    });
  }
}
