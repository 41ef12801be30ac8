import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConsoleHttp } from './http/console-http';
import { ApprovalsPage } from './pages/approvals.page';
import { AuditPage } from './pages/audit.page';
import { DriftPage } from './pages/drift.page';
import { GuestsPage } from './pages/guests.page';
import { OperationsPage } from './pages/operations.page';
import { OverviewPage } from './pages/overview.page';
import { TokensPage } from './pages/tokens.page';

type Query = Record<string, unknown>;

/** The console's pages and forms: each builds its page or action; ConsoleHttp does the rest. */
@Controller('ui')
export class ConsoleController {
  constructor(
    private readonly http: ConsoleHttp,
    private readonly overview: OverviewPage,
    private readonly approvals: ApprovalsPage,
    private readonly operations: OperationsPage,
    private readonly guests: GuestsPage,
    private readonly drift: DriftPage,
    private readonly audit: AuditPage,
    private readonly tokens: TokensPage,
  ) {}

  @Get()
  async home(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.page(request, response, 'overview', (session) => this.overview.render(session));
  }

  @Get('approvals')
  async approvalsPage(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.page(request, response, 'approvals', (session) => this.approvals.render(session));
  }

  @Post('approvals/:id')
  async decide(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.action(
      request,
      response,
      'approvals',
      (session, form) => this.approvals.decide(session, id, form),
      {
        admin: true,
      },
    );
  }

  @Get('operations')
  async operationsPage(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.page(request, response, 'operations', (session) => this.operations.render(session));
  }

  @Get('guests')
  async guestsPage(@Query() query: Query, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.page(request, response, 'guests', (session) => this.guests.list(session, query));
  }

  @Get('guests/:target/:vmid')
  async guestPage(
    @Param('target') target: string,
    @Param('vmid') vmid: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.http.page(request, response, 'guests', (session) => this.guests.detail(session, target, vmid));
  }

  @Get('drift')
  async driftPage(
    @Query('workspace') workspace: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.http.page(request, response, 'drift', (session) =>
      this.drift.render(session, typeof workspace === 'string' ? workspace : undefined),
    );
  }

  @Get('audit')
  async auditPage(@Query() query: Query, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.page(request, response, 'audit', (session) => this.audit.render(session, query));
  }

  @Post('audit/verify')
  async verify(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.action(request, response, 'audit', (session) => this.audit.verify(session), {
      admin: true,
    });
  }

  @Get('tokens')
  async tokensPage(
    @Query('all') all: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.http.page(
      request,
      response,
      'tokens',
      (session) => this.tokens.render(session, all === 'true'),
      {
        admin: true,
      },
    );
  }

  @Post('tokens')
  async createToken(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.action(
      request,
      response,
      'tokens',
      (session, form) => this.tokens.create(session, form),
      {
        admin: true,
      },
    );
  }

  @Post('tokens/:name/revoke')
  async revokeToken(
    @Param('name') name: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.http.action(request, response, 'tokens', (session) => this.tokens.revoke(session, name), {
      admin: true,
    });
  }
}
