import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import type { Request, Response } from 'express';
import { html } from './html';
import { ConsoleHttp, SESSION_COOKIE } from './http/console-http';
import { cookiesOf } from './http/cookies';
import { isSameOrigin } from './http/request-origin';
import { noticeBlock, type Notice } from './pages/layout';
import { csrfMatches, newSecret } from './sessions/csrf';
import { SignInUseCase } from './sessions/sign-in.use-case';
import { SignOutUseCase } from './sessions/sign-out.use-case';

// Before a session exists, the sign-in form is protected by a double-submit token: a
// random value in a cookie of its own and in the form, which another site can set neither of.
const SIGN_IN_COOKIE = 'mpc_ui_signin';
const SIGN_IN_FORM_SECONDS = 900;

/** Where to go after signing in: a console path only, never another site. */
function nextPath(candidate: string | null | undefined): string {
  return candidate && /^\/ui(\/|\?|$)/.test(candidate) && !candidate.startsWith('/ui/sign-')
    ? candidate
    : '/ui';
}

/** Signing in with an operator's credential, and out again. */
@Controller('ui')
export class SignInController {
  constructor(
    private readonly http: ConsoleHttp,
    private readonly signIn: SignInUseCase,
    private readonly signOut: SignOutUseCase,
  ) {}

  @Get('sign-in')
  form(@Req() request: Request, @Res() response: Response): void {
    if (!this.http.guard(request, response)) return;
    const next = typeof request.query.next === 'string' ? request.query.next : undefined;
    this.render(request, response, 200, nextPath(next), this.http.takeNotice(request, response));
  }

  @Post('sign-in')
  async submit(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.http.guard(request, response)) return;
    response.set('Cache-Control', 'no-store');
    if (!isSameOrigin(request.headers)) {
      response.status(403).type('text/plain').send('refused: the form was not sent from this site (Origin)');
      return;
    }
    const form = await this.http.form(request).catch(() => new URLSearchParams());
    const next = nextPath(form.get('next'));
    const expected = cookiesOf(request.headers.cookie).get(SIGN_IN_COOKIE);
    if (!expected || !csrfMatches(expected, form.get('csrf') ?? undefined)) {
      const text = 'the sign-in form had expired or did not come from this page; try again';
      this.render(request, response, 403, next, { kind: 'error', text });
      return;
    }
    try {
      const { sessionId } = await this.signIn.execute(form.get('token') ?? '');
      this.http.setCookie(request, response, SIGN_IN_COOKIE, '', 0);
      this.http.setCookie(request, response, SESSION_COOKIE, sessionId);
      response.redirect(303, next);
    } catch (error) {
      if (!(error instanceof HandlerError)) throw error;
      this.render(request, response, error.code === 'FORBIDDEN' ? 403 : 401, next, {
        kind: 'error',
        text: error.message,
      });
    }
  }

  @Post('sign-out')
  async leave(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.http.action(request, response, 'overview', async (session) => {
      await this.signOut.execute(cookiesOf(request.headers.cookie).get(SESSION_COOKIE) ?? '');
      this.http.setCookie(request, response, SESSION_COOKIE, '', 0);
      return {
        redirect: '/ui/sign-in',
        notice: { kind: 'ok', text: `${session.session.actorId} signed out` },
      };
    });
  }

  private render(request: Request, response: Response, status: number, next: string, notice?: Notice): void {
    const token = newSecret();
    this.http.setCookie(request, response, SIGN_IN_COOKIE, token, SIGN_IN_FORM_SECONDS);
    response.set('Cache-Control', 'no-store');
    this.http.sendBare(
      response,
      status,
      'Sign in',
      html`<section class="sign-in" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Proxmox-MPC console</h1>
        ${noticeBlock(notice)}
        <form method="post" action="/ui/sign-in">
          <input type="hidden" name="csrf" value="${token}" />
          <input type="hidden" name="next" value="${next}" />
          <label for="token">Operator token</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            required
            autofocus
            aria-describedby="token-help"
          />
          <p id="token-help" class="help">
            An API token (<code>mpc_…</code> or the admin token); where MCP_AUTH=oauth, an access token from
            your authorization server. It is checked and kept only as a digest; approving, tokens and audit
            verification need the admin scope.
          </p>
          <button type="submit">Sign in</button>
        </form>
      </section>`,
    );
  }
}
