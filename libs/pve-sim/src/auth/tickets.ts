import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** PVE's ticket lifetime (PVE::AccessControl `$ticket_lifetime`). */
export const PVE_TICKET_LIFETIME_MS = 2 * 3_600_000;
// `$auth_graceperiod`: a ticket or CSRF token from a node whose clock runs ahead is accepted this much early.
const GRACE_PERIOD_MS = 5 * 60_000;

const TICKET_PATTERN = /^PVE:(\S+):([A-Z0-9]{8})::([^:\s]+)$/;
const CSRF_PATTERN = /^([A-Z0-9]{8}):(\S+)$/;

/**
 * Authentication tickets and CSRF prevention tokens in PVE's formats:
 * `PVE:<userid>:<HEXTIME>::<signature>` and `<HEXTIME>:<hmac>`. PVE signs tickets
 * with the cluster's RSA key; the simulator signs them with an HMAC key of its own,
 * which looks the same to a client and is as impossible to forge without the key.
 */
export class TicketIssuer {
  readonly #key = randomBytes(32);
  readonly #csrfSecret = randomBytes(32);
  readonly #lifetimeMs: number;
  readonly #now: () => number;

  constructor(lifetimeMs = PVE_TICKET_LIFETIME_MS, now: () => number = Date.now) {
    this.#lifetimeMs = lifetimeMs;
    this.#now = now;
  }

  /** PVE::Ticket::assemble_rsa_ticket with the username as data (':' escaped as PVE's uri_escape does). */
  assembleTicket(userid: string): string {
    const plain = `PVE:${userid.replaceAll(':', '%3A')}:${hexTime(this.#now())}`;
    return `${plain}::${this.#sign(plain)}`;
  }

  /** verify_ticket: the userid of a valid, unexpired ticket, or undefined. */
  verifyTicket(ticket: string): string | undefined {
    const match = TICKET_PATTERN.exec(ticket);
    if (!match?.[1] || !match[2] || !match[3]) return undefined;
    const plain = `PVE:${match[1]}:${match[2]}`;
    if (!sameText(this.#sign(plain), match[3])) return undefined;
    if (!this.#fresh(match[2])) return undefined;
    return decodeURIComponent(match[1]);
  }

  /** PVE::Ticket::assemble_csrf_prevention_token: `HEXTIME:base64(hmac_sha256("HEXTIME:user"))`. */
  assembleCsrfToken(userid: string): string {
    const timestamp = hexTime(this.#now());
    return `${timestamp}:${this.#csrfDigest(timestamp, userid)}`;
  }

  verifyCsrfToken(userid: string, token: string | undefined): boolean {
    const match = token === undefined ? null : CSRF_PATTERN.exec(token);
    if (!match?.[1] || !match[2]) return false;
    return sameText(this.#csrfDigest(match[1], userid), match[2]) && this.#fresh(match[1]);
  }

  #fresh(hexTimestamp: string): boolean {
    const ageMs = this.#now() - Number.parseInt(hexTimestamp, 16) * 1000;
    return ageMs > -GRACE_PERIOD_MS && ageMs < this.#lifetimeMs;
  }

  #sign(plain: string): string {
    return createHmac('sha256', this.#key).update(plain).digest('base64');
  }

  #csrfDigest(timestamp: string, userid: string): string {
    // Digest::SHA's *_base64 functions leave out the '=' padding.
    return createHmac('sha256', this.#csrfSecret)
      .update(`${timestamp}:${userid}`)
      .digest('base64')
      .replace(/=+$/, '');
  }
}

function hexTime(nowMs: number): string {
  return Math.floor(nowMs / 1000)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0');
}

function sameText(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
