import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { ApprovalIdSchema, describeIssues, toValidationIssues, type ErrorCode } from '@proxmox-mpc/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { TokenRegistry } from '../access/token-registry';
import { approvalSummary, OperationService } from '../operations/operation-service';
import { BodyError, readJsonBody } from './read-json-body';

const DecisionSchema = z
  .object({ decision: z.enum(['approve', 'deny']), reason: z.string().max(500).optional() })
  .strict();

const STATUS_FOR: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  EXPIRED: 410,
};

/**
 * Where operators decide held operations (`npm run approve`), with a token that has the
 * `admin` scope — a credential an agent's token is not. The requester can never decide.
 */
@Controller('admin/approvals')
export class ApprovalsController {
  constructor(
    private readonly tokens: TokenRegistry,
    private readonly operations: OperationService,
  ) {}

  @Get()
  async list(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.admin(request, response)) return;
    const pending = await this.operations.list('awaiting-approval');
    response.json({ approvals: pending.map(approvalSummary) });
  }

  @Post(':id')
  async decide(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const admin = this.admin(request, response);
    if (!admin) return;
    const approvalId = ApprovalIdSchema.safeParse(id);
    if (!approvalId.success) {
      response
        .status(400)
        .json({ error: 'invalid_request', error_description: 'the approval id must be a UUID' });
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(request, 16_384);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      response.status(status).json({ error: 'invalid_request', error_description: (error as Error).message });
      return;
    }
    const decision = DecisionSchema.safeParse(body);
    if (!decision.success) {
      response.status(400).json({
        error: 'invalid_request',
        error_description: describeIssues(toValidationIssues(decision.error)),
      });
      return;
    }
    try {
      const record = await this.operations.decide(
        approvalId.data,
        decision.data.decision,
        admin,
        decision.data.reason,
      );
      response.status(200).json({ approval: approvalSummary(record), operationId: record.id });
    } catch (error) {
      if (!(error instanceof HandlerError)) throw error;
      response
        .status(STATUS_FOR[error.code] ?? 400)
        .json({ error: error.code, error_description: error.message });
    }
  }

  /** The admin's actor id, or undefined after answering 401/403. */
  private admin(request: Request, response: Response): string | undefined {
    const result = this.tokens.authenticate(request.headers.authorization);
    if ('refusal' in result) {
      response
        .status(401)
        .set('WWW-Authenticate', `Bearer realm="proxmox-mpc-admin", error="invalid_token"`)
        .json({ error: 'invalid_token', error_description: result.refusal });
      return undefined;
    }
    if (!result.grant.scopes.includes('admin')) {
      response
        .status(403)
        .set(
          'WWW-Authenticate',
          `Bearer realm="proxmox-mpc-admin", error="insufficient_scope", scope="admin"`,
        )
        .json({
          error: 'insufficient_scope',
          error_description: `${result.grant.actorId} has no admin scope`,
        });
      return undefined;
    }
    return result.grant.actorId;
  }
}
