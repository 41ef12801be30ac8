import { Controller, Get, Req, Res, type OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConsoleHttp, SESSION_COOKIE } from '../http/console-http';
import { cookiesOf } from '../http/cookies';
import { sees } from '../pages/format';
import { ResumeSessionUseCase } from '../sessions/resume-session.use-case';
import { LiveEvents } from './live-events';

// Proxies drop connections that stay silent; a comment line this often keeps the stream open.
const KEEP_ALIVE_MS = 20_000;
// The session is checked again this often, so a revoked token or an idle end closes the stream.
const RECHECK_MS = 60_000;

/**
 * Server-sent events for the open console pages: `approval` and `operation`, each with
 * the id only — the page fetches itself again, so what it shows passes the same access
 * rules as any page load. A session without the admin scope hears only of its own requests.
 */
@Controller('ui')
export class LiveEventsController implements OnModuleDestroy {
  /** How to end each open stream. */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly http: ConsoleHttp,
    private readonly live: LiveEvents,
    private readonly resumeSession: ResumeSessionUseCase,
  ) {}

  @Get('events')
  async stream(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.http.guard(request, response)) return;
    const sessionId = cookiesOf(request.headers.cookie).get(SESSION_COOKIE);
    const session = await this.resumeSession.execute(sessionId, { touch: false });
    if ('ended' in session) {
      response.status(401).type('text/plain').send(session.ended);
      return;
    }
    response.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    response.write('retry: 3000\n\n');
    const stop = this.live.listen((event) => {
      if (sees(session, event.owner))
        response.write(`event: ${event.kind}\ndata: ${JSON.stringify({ id: event.id })}\n\n`);
    });
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    const recheck = setInterval(() => {
      this.resumeSession
        .execute(sessionId, { touch: false })
        .then((again) => {
          if ('ended' in again) {
            response.write(`event: signed-out\ndata: {}\n\n`);
            end();
          }
        })
        // The session store out of reach says nothing about the session: the next check decides.
        .catch(() => undefined);
    }, RECHECK_MS);
    const end = () => {
      this.open.delete(end);
      stop();
      clearInterval(keepAlive);
      clearInterval(recheck);
      response.end();
    };
    this.open.add(end);
    request.on('close', end);
  }

  /**
   * Ends the open streams: the service is stopping, and a page reconnects (to another
   * replica) on its own. Left open, their checks would outlive the database connection.
   */
  onModuleDestroy(): void {
    for (const end of [...this.open]) end();
  }
}
