import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApprovalIdSchema } from '@proxmox-mpc/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Authenticator } from '../access/authenticator';
import { operatorOf, sendRefusal, validBody } from '../admin/admin-http';
import { approvalSummaryOf } from './approval-summary';
import { DecideApprovalUseCase } from './decide-approval.use-case';
import { ListApprovalsUseCase } from './list-approvals.use-case';

const DecisionSchema = z
  .object({ decision: z.enum(['approve', 'deny']), reason: z.string().max(500).optional() })
  .strict();

/**
 * Where operators see and decide held operations over HTTP, with a token that has the
 * `admin` scope — a credential an agent's token is not. (The console does the same over
 * the bus: ApprovalsHandler.)
 */
@Controller('admin/approvals')
export class ApprovalsController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly listApprovals: ListApprovalsUseCase,
    private readonly decideApproval: DecideApprovalUseCase,
  ) {}

  @Get()
  async list(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!(await operatorOf(this.authenticator, request, response))) return;
    response.json({ approvals: await this.listApprovals.execute() });
  }

  @Post(':id')
  async decide(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const admin = await operatorOf(this.authenticator, request, response);
    if (!admin) return;
    const approvalId = ApprovalIdSchema.safeParse(id);
    if (!approvalId.success) {
      response
        .status(400)
        .json({ error: 'invalid_request', error_description: 'the approval id must be a UUID' });
      return;
    }
    const body = await validBody(request, response, DecisionSchema);
    if (!body) return;
    try {
      const operation = await this.decideApproval.execute({
        approvalId: approvalId.data,
        decision: body.decision,
        decidedBy: admin,
        ...(body.reason === undefined ? {} : { reason: body.reason }),
      });
      response.status(200).json({ approval: approvalSummaryOf(operation), operationId: operation.id });
    } catch (error) {
      sendRefusal(response, error);
    }
  }
}
