import type { AccessControl } from './access-control';
import { extractAuthValue, splitTokenValue } from './api-token';
import type { TicketIssuer } from './tickets';
import { type AuthIdentity, identityOf } from './user-id';

/** pve-http-server's cookie and Authorization keys. */
export const TICKET_COOKIE = 'PVEAuthCookie';
export const API_TOKEN_KEY = 'PVEAPIToken';
export const CSRF_HEADER = 'csrfpreventiontoken';

export interface AuthRequest {
  readonly method: string;
  /** The path below /api2/<format>. */
  readonly relativePath: string;
  readonly cookie?: string | undefined;
  readonly authorization?: string | undefined;
  readonly csrfToken?: string | undefined;
}

/** Who sent a request, and how. */
export interface RequestAuth {
  /** Absent for the few calls PVE serves without authentication (login). */
  readonly identity?: AuthIdentity;
  /** The request carried an API token (some methods refuse them). */
  readonly viaApiToken: boolean;
}

export type AuthResult =
  { readonly ok: true; readonly auth: RequestAuth } | { readonly ok: false; readonly reason: AuthFailure };

/** The 401 status lines of PVE's auth handler. */
export type AuthFailure = 'No ticket' | 'Authentication failed!' | 'Permission denied - invalid csrf token';

/**
 * PVE::HTTPServer::auth_handler: a ticket (cookie, or the cookie key in the
 * Authorization header) is preferred over an API token; the login calls need
 * neither; a ticket-authenticated write needs the CSRF prevention token, a
 * token-authenticated one does not. Why a credential failed goes to PVE's log,
 * never to the client.
 */
export class RequestAuthenticator {
  readonly #access: AccessControl;
  readonly #tickets: TicketIssuer;
  readonly #now: () => number;

  constructor(access: AccessControl, tickets: TicketIssuer, now: () => number = Date.now) {
    this.#access = access;
    this.#tickets = tickets;
    this.#now = now;
  }

  authenticate(request: AuthRequest): AuthResult {
    const ticket =
      extractAuthValue(request.cookie, TICKET_COOKIE) ??
      extractAuthValue(request.authorization, TICKET_COOKIE);
    const apiToken =
      ticket === undefined ? extractAuthValue(request.authorization, API_TOKEN_KEY) : undefined;
    const viaApiToken = apiToken !== undefined;
    if (!requiresAuth(request.method, request.relativePath)) return { ok: true, auth: { viaApiToken } };

    if (apiToken !== undefined) {
      const parts = splitTokenValue(apiToken);
      if (!parts || this.#access.tokenProblem(parts.tokenId, parts.secret, this.#now()) !== undefined) {
        return { ok: false, reason: 'Authentication failed!' };
      }
      return { ok: true, auth: { identity: identityOf(parts.tokenId), viaApiToken } };
    }

    if (ticket === undefined) return { ok: false, reason: 'No ticket' };
    const userid = this.#tickets.verifyTicket(ticket);
    if (userid === undefined || this.#access.userProblem(userid, this.#now()) !== undefined) {
      return { ok: false, reason: 'Authentication failed!' };
    }
    if (request.method !== 'GET' && !this.#tickets.verifyCsrfToken(userid, request.csrfToken)) {
      return { ok: false, reason: 'Permission denied - invalid csrf token' };
    }
    return { ok: true, auth: { identity: identityOf(userid), viaApiToken } };
  }
}

// Calls PVE answers without authentication: the login page's realm list and the login itself.
function requiresAuth(method: string, relativePath: string): boolean {
  const path = relativePath.replace(/\/+$/, '') || '/';
  if (path === '/access/domains' && method === 'GET') return false;
  if (path === '/access/ticket' && (method === 'GET' || method === 'POST')) return false;
  return true;
}
