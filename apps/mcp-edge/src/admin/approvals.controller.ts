import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApprovalIdSchema } from '@proxmox-mpc/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Authenticator } from '../access/authenticator';
import { approvalSummary, OperationService } from '../operations/operation-service';
import { operatorOf, sendRefusal, validBody } from './admin-http';

const DecisionSchema = z
  .object({ decision: z.enum(['approve', 'deny']), reason: z.string().max(500).optional() })
  .strict();

/**
 * Where operators decide held operations (`npm run approve`), with a token that has the
 * `admin` scope — a credential an agent's token is not. The requester can never decide.
 */
@Controller('admin/approvals')
export class ApprovalsController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly operations: OperationService,
  ) {}

  @Get()
  async list(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!(await operatorOf(this.authenticator, request, response))) return;
    const pending = await this.operations.list('awaiting-approval');
    response.json({ approvals: pending.map(approvalSummary) });
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
    const decision = await validBody(request, response, DecisionSchema);
    if (!decision) return;
    try {
      const record = await this.operations.decide(approvalId.data, decision.decision, admin, decision.reason);
      response.status(200).json({ approval: approvalSummary(record), operationId: record.id });
    } catch (error) {
      sendRefusal(response, error);
    }
  }
}
