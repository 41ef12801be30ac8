import { Controller, Delete, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Authenticator } from '../access/authenticator';
import { StaticTokens } from '../access/static-tokens';
import { TokenGrantSchema, TokenNameSchema } from '../access/token-spec';
import { TokenStore } from '../access/token-store';
import { operatorOf, sendRefusal, validBody } from './admin-http';

const CreateTokenSchema = TokenGrantSchema.extend({ name: TokenNameSchema })
  .strict()
  .refine((spec) => !spec.expiresAt || spec.expiresAt.getTime() > Date.now(), {
    message: 'expiresAt must be in the future',
    path: ['expiresAt'],
  });

/**
 * Where operators create, list and revoke API tokens (`npm run token`), with the admin
 * token. A new token's secret is in the create response and nowhere else.
 */
@Controller('admin/tokens')
export class TokensController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly store: TokenStore,
    private readonly staticTokens: StaticTokens,
  ) {}

  @Get()
  async list(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!(await operatorOf(this.authenticator, request, response))) return;
    response.json({ tokens: await this.store.list(request.query.all === 'true') });
  }

  @Post()
  async create(@Req() request: Request, @Res() response: Response): Promise<void> {
    const admin = await operatorOf(this.authenticator, request, response);
    if (!admin) return;
    const spec = await validBody(request, response, CreateTokenSchema);
    if (!spec) return;
    if (this.staticTokens.has(spec.name)) {
      response.status(409).json({
        error: 'CONFLICT',
        error_description: `"${spec.name}" is a token from the deployment's configuration; choose another name`,
      });
      return;
    }
    try {
      response.status(201).json(await this.store.create(spec, admin));
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
      response.json({ token: await this.store.revoke(parsed.data, admin) });
    } catch (error) {
      sendRefusal(response, error);
    }
  }
}
