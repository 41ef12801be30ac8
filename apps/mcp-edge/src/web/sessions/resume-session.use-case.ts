import { Inject, Injectable } from '@nestjs/common';
import { Clock, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { AccessPolicy, type AccessGrant } from '../../access/access-policy';
import { ConsoleCredentials } from './console-credentials';
import { sessionDigest } from './csrf';
import type { SessionSettings } from './sign-in.use-case';
import type { WebSession } from './web-session.entity';
import { WebSessionStore } from './web-session.store';

// Recording every request's time would be a write per page; a minute's precision is plenty for idling.
const TOUCH_AFTER_MS = 60_000;

/** A live session: who it is and what it may do now. */
export interface ConsoleSession {
  session: WebSession;
  grant: AccessGrant;
  /** The `admin` scope: approvals, tokens, audit verification and everyone's records. */
  admin: boolean;
}

/** Why there is no session; the sign-in page says it. */
export interface SessionEnded {
  ended: string;
}

/**
 * The session behind a request's cookie, checked from scratch every time: its absolute
 * end, its idle time, and its credential (a revoked or expired API token ends the session
 * at once, on every replica). An ended session is deleted.
 */
@Injectable()
export class ResumeSessionUseCase {
  constructor(
    private readonly credentials: ConsoleCredentials,
    private readonly sessions: WebSessionStore,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly settings: SessionSettings,
  ) {}

  /**
   * `touch: false` for what a page does by itself (a live refresh, the event stream's
   * re-check), which is not the operator's activity and must not keep the session from idling out.
   */
  async execute(
    sessionId: string | undefined,
    { touch }: { touch: boolean } = { touch: true },
  ): Promise<ConsoleSession | SessionEnded> {
    if (!sessionId) return { ended: 'sign in to continue' };
    const session = await this.sessions.find(sessionDigest(sessionId));
    if (!session) return { ended: 'sign in to continue' };
    const now = this.clock.now();
    const idleMs = this.settings.MCP_UI_SESSION_IDLE_MINUTES * 60_000;
    const ended =
      now >= session.expiresAt
        ? 'the session ended; sign in again'
        : now.getTime() - session.lastSeenAt.getTime() >= idleMs
          ? `signed out after ${this.settings.MCP_UI_SESSION_IDLE_MINUTES} minutes without activity`
          : undefined;
    const checked = ended ? { refusal: ended } : await this.credentials.recheck(session);
    if ('refusal' in checked) {
      await this.sessions.delete(session.idDigest);
      return { ended: ended ?? `signed out: ${checked.refusal}` };
    }
    if (touch && now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS) {
      await this.sessions.touch(session.idDigest, now);
      session.lastSeenAt = now;
    }
    return { session, grant: checked.grant, admin: new AccessPolicy(checked.grant).allows('admin') };
  }
}
