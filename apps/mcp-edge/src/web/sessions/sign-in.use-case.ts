import { Inject, Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { Clock, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { McpEdgeConfig } from '../../config';
import { ConsoleCredentials } from './console-credentials';
import { newSecret, sessionDigest } from './csrf';
import { WebSession } from './web-session.entity';
import { WebSessionStore } from './web-session.store';

export type SessionSettings = Pick<McpEdgeConfig, 'MCP_UI_SESSION_IDLE_MINUTES' | 'MCP_UI_SESSION_MAX_HOURS'>;

/** The session id for the browser's cookie (shown nowhere else), and the row kept for it. */
export interface SignedIn {
  sessionId: string;
  session: WebSession;
}

/**
 * An operator signs in to the web console with a credential pasted once: checked like any
 * caller's, then forgotten — the session keeps the token's digest (or an OAuth grant), the
 * browser an opaque id. The console shows the whole estate, so a token limited to some
 * nodes, guests or tools is refused rather than shown a partial, misleading picture.
 */
@Injectable()
export class SignInUseCase {
  constructor(
    private readonly credentials: ConsoleCredentials,
    private readonly sessions: WebSessionStore,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly settings: SessionSettings,
  ) {}

  async execute(credential: string): Promise<SignedIn> {
    const secret = credential.trim();
    if (!secret) throw new HandlerError('UNAUTHORIZED', 'token: paste an API token to sign in', false);
    const checked = await this.credentials.signIn(secret);
    if ('refusal' in checked) throw new HandlerError('UNAUTHORIZED', `token: ${checked.refusal}`, false);
    const { grant } = checked;
    if (grant.nodes.length > 0 || grant.guests.length > 0 || grant.tools.length > 0) {
      throw new HandlerError(
        'FORBIDDEN',
        `token: ${grant.actorId} is limited to some nodes, guests or tools; the console shows the whole ` +
          'estate and needs a token without those lists',
        false,
      );
    }
    const now = this.clock.now();
    const idleMs = this.settings.MCP_UI_SESSION_IDLE_MINUTES * 60_000;
    // Housekeeping rides on sign-ins: ended rows are refused anyway, this only keeps the table small.
    await this.sessions.deleteEnded(now, new Date(now.getTime() - idleMs));
    const sessionId = newSecret();
    const maxEnd = now.getTime() + this.settings.MCP_UI_SESSION_MAX_HOURS * 3_600_000;
    const session = Object.assign(new WebSession(), {
      idDigest: sessionDigest(sessionId),
      actorId: grant.actorId,
      tokenDigest: checked.tokenDigest ?? null,
      oauthGrant: checked.tokenDigest ? null : grant,
      csrfToken: newSecret(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(Math.min(maxEnd, checked.expiresAt?.getTime() ?? maxEnd)),
    });
    await this.sessions.insert(session);
    return { sessionId, session };
  }
}
