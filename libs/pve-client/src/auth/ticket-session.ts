import { PveApiError } from '../errors/pve-api-error';
import type { PveTicket } from '../types/pve-ticket';
import type { RequestCredentials } from './pve-auth';

/** POST /access/ticket with the given form parameters, unauthenticated; resolves with PVE's `data`. */
export type TicketRequest = (
  body: Readonly<Record<string, string>>,
  signal?: AbortSignal,
) => Promise<unknown>;

export interface TicketSessionOptions {
  readonly username: string;
  readonly password: string;
  /** How long the server keeps a ticket valid; default PVE's 2 hours. */
  readonly lifetimeMs?: number;
  readonly request: TicketRequest;
  readonly now?: () => number;
}

interface Ticket {
  readonly ticket: string;
  readonly csrfToken: string;
  readonly obtainedAt: number;
}

/** PVE::AccessControl's `$ticket_lifetime`. */
export const PVE_TICKET_LIFETIME_MS = 2 * 3_600_000;
// Renew with half an hour to spare, and never later than half-way through a short lifetime.
const RENEWAL_MARGIN_MS = 30 * 60_000;

/**
 * A PVE login session: logs in with the password on first use, renews the ticket
 * (by sending it as the password, as PVE's web UI does) once it is past its renewal
 * age, and logs in again when PVE refuses it. Concurrent requests share one login.
 * The password and the ticket never reach an error message, a span or a log.
 */
export class TicketSession implements RequestCredentials {
  readonly #username: string;
  readonly #password: string;
  readonly #renewAfterMs: number;
  readonly #request: TicketRequest;
  readonly #now: () => number;
  #current: Ticket | undefined;
  #pending: Promise<Ticket> | undefined;

  constructor(options: TicketSessionOptions) {
    this.#username = options.username;
    this.#password = options.password;
    const lifetime = options.lifetimeMs ?? PVE_TICKET_LIFETIME_MS;
    this.#renewAfterMs = Math.max(lifetime / 2, lifetime - RENEWAL_MARGIN_MS);
    this.#request = options.request;
    this.#now = options.now ?? Date.now;
  }

  /** Logs in now (or renews a ticket past its renewal age) and resolves with the user PVE confirmed. */
  async login(signal?: AbortSignal): Promise<string> {
    await this.#ticket(signal);
    return this.#username;
  }

  async headersFor(method: string, signal?: AbortSignal): Promise<Record<string, string>> {
    const { ticket, csrfToken } = await this.#ticket(signal);
    return {
      cookie: `PVEAuthCookie=${encodeURIComponent(ticket)}`,
      ...(method !== 'GET' && { csrfpreventiontoken: csrfToken }),
    };
  }

  async recover(sentHeaders: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<boolean> {
    const current = this.#current;
    // Another request already replaced the refused ticket.
    if (current && sentHeaders['cookie'] !== `PVEAuthCookie=${encodeURIComponent(current.ticket)}`)
      return true;
    this.#current = undefined;
    await this.#single(() => this.#obtain(this.#password, signal));
    return true;
  }

  #ticket(signal?: AbortSignal): Promise<Ticket> {
    const current = this.#current;
    if (current && this.#now() - current.obtainedAt < this.#renewAfterMs) return Promise.resolve(current);
    return this.#single(async () => {
      if (current) {
        try {
          return await this.#obtain(current.ticket, signal);
        } catch (error: unknown) {
          // A ticket PVE no longer accepts cannot renew itself; the password can.
          if (!(error instanceof PveApiError) || error.code !== 'UNAUTHORIZED') throw error;
        }
      }
      return this.#obtain(this.#password, signal);
    });
  }

  /** One login at a time; everyone waiting gets its result. */
  #single(login: () => Promise<Ticket>): Promise<Ticket> {
    this.#pending ??= login().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #obtain(secret: string, signal?: AbortSignal): Promise<Ticket> {
    const obtainedAt = this.#now();
    const data = (await this.#request(
      { username: this.#username, password: secret },
      signal,
    )) as Partial<PveTicket>;
    if (typeof data?.ticket !== 'string' || typeof data.CSRFPreventionToken !== 'string') {
      throw new PveApiError({
        code: 'SERVER_ERROR',
        status: 200,
        message:
          'POST /access/ticket: PVE answered without a ticket (is two-factor authentication required?)',
      });
    }
    this.#current = { ticket: data.ticket, csrfToken: data.CSRFPreventionToken, obtainedAt };
    return this.#current;
  }
}
