import { Controller, Delete, Get, Param, Post, Req, Res } from '@nestjs/common';
import { TokenNameSchema } from '@proxmox-mpc/contracts';
import type { Request, Response } from 'express';
import { Authenticator } from '../access/authenticator';
import { CreateTokenSchema } from '../access/token-spec';
import { operatorOf, sendRefusal, validBody } from '../admin/admin-http';
import { CreateApiTokenUseCase } from './create-api-token.use-case';
import { ListApiTokensUseCase } from './list-api-tokens.use-case';
import { RevokeApiTokenUseCase } from './revoke-api-token.use-case';

/**
 * Where operators create, list and revoke API tokens (`npm run token`), with the admin
 * token. A new token's secret is in the create response and nowhere else.
 */
@Controller('admin/tokens')
export class TokensController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly createToken: CreateApiTokenUseCase,
    private readonly listTokens: ListApiTokensUseCase,
    private readonly revokeToken: RevokeApiTokenUseCase,
  ) {}

  @Get()
  async list(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!(await operatorOf(this.authenticator, request, response))) return;
    response.json({
      tokens: await this.listTokens.execute({ includeRevoked: request.query.all === 'true' }),
    });
  }

  @Post()
  async create(@Req() request: Request, @Res() response: Response): Promise<void> {
    const admin = await operatorOf(this.authenticator, request, response);
    if (!admin) return;
    const spec = await validBody(request, response, CreateTokenSchema);
    if (!spec) return;
    try {
      response.status(201).json(await this.createToken.execute({ ...spec, createdBy: admin }));
    } catch (error) {
      sendRefusal(response, error);
    }
  }

  @Delete(':name')
  async revoke(
    @Param('name') name: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const admin = await operatorOf(this.authenticator, request, response);
    if (!admin) return;
    const parsed = TokenNameSchema.safeParse(name);
    if (!parsed.success) {
      response.status(400).json({
        error: 'invalid_request',
        error_description: `token name: ${parsed.error.issues[0]?.message}`,
      });
      return;
    }
    try {
      response.json({ token: await this.revokeToken.execute({ name: parsed.data, revokedBy: admin }) });
    } catch (error) {
      sendRefusal(response, error);
    }
  }
}
