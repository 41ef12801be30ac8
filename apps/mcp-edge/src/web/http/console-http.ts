import { Inject, Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import type { Request, Response } from 'express';
import type { McpEdgeConfig } from '../../config';
import { BodyError, readBody } from '../../http/read-json-body';
import { ConsoleRefusal } from '../console-bus';
import { html, pathWithQuery, type SafeHtml } from '../html';
import { barePage, consolePage, type ConsoleView, type Notice } from '../pages/layout';
import { csrfMatches } from '../sessions/csrf';
import { ResumeSessionUseCase, type ConsoleSession } from '../sessions/resume-session.use-case';
import { cookieHeader, cookiesOf } from './cookies';
import { isAllowedHost, isSameOrigin } from './request-origin';

export const SESSION_COOKIE = 'mpc_ui_session';
/** Sent by the console's script when it refreshes a page by itself, which is not the operator's activity. */
export const LIVE_REFRESH_HEADER = 'x-mpc-live-refresh';
const NOTICE_COOKIE = 'mpc_ui_notice';
// Forms are a few fields; a token creation with long allow-lists stays far below.
const FORM_LIMIT_BYTES = 32_768;

/**
 * No inline script or style anywhere, so nothing but the console's own files may run or
 * style a page; it may not be framed, post elsewhere, or change its base URL.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** A page's content and title, or where to go instead. */
export type PageResult = { title: string; content: SafeHtml; status?: number } | { redirect: string };

/** What an action did: go back to a page with a notice, or show a page at once (a new token's secret). */
export type ActionResult = { redirect: string; notice: Notice } | { title: string; content: SafeHtml };

/**
 * What every request to the web console goes through before its page or action: the
 * security headers, the Host check, the session (from scratch, every time), and for
 * actions the same-origin check and the session's synchronizer token.
 */
@Injectable()
export class ConsoleHttp {
  constructor(
    private readonly resumeSession: ResumeSessionUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Headers for every /ui answer; false (answered 421) when the Host is not ours. */
  guard(request: Request, response: Response): boolean {
    response.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      // Not no-referrer: with it Chromium sends `Origin: null` on form posts, which the Origin check must refuse.
      'Referrer-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    });
    if (isAllowedHost(request.headers.host, this.config.MCP_ALLOWED_HOSTS)) return true;
    response.status(421).type('text/plain').send('this host name is not served here (MCP_ALLOWED_HOSTS)');
    return false;
  }

  /** The signed-in session, or undefined after sending the browser to sign in. */
  async session(request: Request, response: Response): Promise<ConsoleSession | undefined> {
    const resumed = await this.resumeSession.execute(cookiesOf(request.headers.cookie).get(SESSION_COOKIE), {
      touch: request.headers[LIVE_REFRESH_HEADER] === undefined,
    });
    if (!('ended' in resumed)) return resumed;
    this.setNotice(request, response, { kind: 'error', text: resumed.ended });
    this.setCookie(request, response, SESSION_COOKIE, '', 0);
    const next = request.method === 'GET' ? request.originalUrl : undefined;
    response.redirect(303, pathWithQuery('/ui/sign-in', { next }));
    return undefined;
  }

  /** A signed-in page: `render` reads what it shows; refusals of the platform become an error page. */
  async page(
    request: Request,
    response: Response,
    view: ConsoleView,
    render: (session: ConsoleSession) => Promise<PageResult>,
    options: { admin?: boolean } = {},
  ): Promise<void> {
    if (!this.guard(request, response)) return;
    const session = await this.session(request, response);
    if (!session) return;
    response.set('Cache-Control', 'no-store');
    if (options.admin && !session.admin) {
      this.send(response, 403, view, session, 'Not allowed', html`<p>This page needs the admin scope.</p>`);
      return;
    }
    const notice = this.takeNotice(request, response);
    let result: PageResult;
    try {
      result = await render(session);
    } catch (error) {
      this.send(response, statusOf(error), view, session, 'Not available', this.problem(error), notice);
      return;
    }
    if ('redirect' in result) {
      response.redirect(303, result.redirect);
      return;
    }
    this.send(response, result.status ?? 200, view, session, result.title, result.content, notice);
  }

  /**
   * A form posted by a signed-in page: same origin, the session's synchronizer token,
   * and the admin scope where `admin` says so — each refusal answered before anything is sent.
   */
  async action(
    request: Request,
    response: Response,
    view: ConsoleView,
    act: (session: ConsoleSession, form: URLSearchParams) => Promise<ActionResult>,
    options: { admin?: boolean } = {},
  ): Promise<void> {
    if (!this.guard(request, response)) return;
    response.set('Cache-Control', 'no-store');
    if (!isSameOrigin(request.headers)) {
      response.status(403).type('text/plain').send('refused: the form was not sent from this site (Origin)');
      return;
    }
    const session = await this.session(request, response);
    if (!session) return;
    let form: URLSearchParams;
    try {
      form = await this.form(request);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      this.send(response, status, view, session, 'Refused', html`<p>${(error as Error).message}</p>`);
      return;
    }
    if (!csrfMatches(session.session.csrfToken, form.get('csrf') ?? undefined)) {
      this.send(
        response,
        403,
        view,
        session,
        'Refused',
        html`<p>The form carried no valid CSRF token: reload the page and try again.</p>`,
      );
      return;
    }
    if (options.admin && !session.admin) {
      this.send(response, 403, view, session, 'Not allowed', html`<p>This action needs the admin scope.</p>`);
      return;
    }
    let result: ActionResult;
    try {
      result = await act(session, form);
    } catch (error) {
      this.send(response, statusOf(error), view, session, 'Refused', this.problem(error));
      return;
    }
    if ('redirect' in result) {
      this.setNotice(request, response, result.notice);
      response.redirect(303, result.redirect);
      return;
    }
    this.send(response, 200, view, session, result.title, result.content);
  }

  /** The posted form (application/x-www-form-urlencoded). */
  async form(request: Request): Promise<URLSearchParams> {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) {
      throw new BodyError(415, 'expected a form (application/x-www-form-urlencoded)');
    }
    return new URLSearchParams((await readBody(request, FORM_LIMIT_BYTES)).toString('utf8'));
  }

  /** Whether cookies get `Secure`: always when configured so, else when this request came over https. */
  secure(request: Request): boolean {
    return this.config.MCP_UI_SECURE_COOKIES === 'always' || request.protocol === 'https';
  }

  setCookie(request: Request, response: Response, name: string, value: string, maxAge?: number): void {
    const previous = [response.getHeader('Set-Cookie')].flat().filter(Boolean) as string[];
    const options = { secure: this.secure(request), ...(maxAge === undefined ? {} : { maxAge }) };
    response.set('Set-Cookie', [...previous, cookieHeader(name, value, options)]);
  }

  setNotice(request: Request, response: Response, notice: Notice): void {
    this.setCookie(
      request,
      response,
      NOTICE_COOKIE,
      Buffer.from(JSON.stringify(notice)).toString('base64url'),
      60,
    );
  }

  /** The notice the previous action left, cleared so it shows once. */
  takeNotice(request: Request, response: Response): Notice | undefined {
    const raw = cookiesOf(request.headers.cookie).get(NOTICE_COOKIE);
    if (!raw) return undefined;
    this.setCookie(request, response, NOTICE_COOKIE, '', 0);
    try {
      const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Notice>;
      if ((parsed.kind === 'ok' || parsed.kind === 'error') && typeof parsed.text === 'string') {
        return { kind: parsed.kind, text: parsed.text.slice(0, 500) };
      }
    } catch {
      // Not one of ours: show nothing.
    }
    return undefined;
  }

  sendBare(response: Response, status: number, title: string, content: SafeHtml): void {
    response.status(status).type('html').send(barePage(title, content).markup);
  }

  private send(
    response: Response,
    status: number,
    view: ConsoleView,
    session: ConsoleSession,
    title: string,
    content: SafeHtml,
    notice?: Notice,
  ): void {
    response.status(status).type('html').send(consolePage({ view, title, session, notice, content }).markup);
  }

  /** What went wrong, in the platform's words; anything unexpected is logged and said plainly. */
  private problem(error: unknown): SafeHtml {
    if (error instanceof ConsoleRefusal || error instanceof HandlerError) {
      return html`<p class="notice notice-error" role="alert">${error.message} [${error.code}]</p>`;
    }
    this.logger.warn({ err: error }, 'web console request failed');
    return html`<p class="notice notice-error" role="alert">
      The platform did not answer: ${(error as Error).message}
    </p>`;
  }
}

const STATUS_OF_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  EXPIRED: 410,
  INVALID_MESSAGE: 400,
};

function statusOf(error: unknown): number {
  if (error instanceof ConsoleRefusal || error instanceof HandlerError)
    return STATUS_OF_CODE[error.code] ?? 502;
  return 503;
}
