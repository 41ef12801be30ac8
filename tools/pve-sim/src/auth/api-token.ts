import { createHash, timingSafeEqual } from 'node:crypto';
import { uriUnescape } from '../http/uri-unescape';

export interface ApiToken {
  /** `user@realm!tokenname`, as PVE names API tokens. */
  readonly tokenId: string;
  readonly secret: string;
}

/** The token a simulator accepts unless told otherwise; fixed so local runs and tests can share it. */
export const DEFAULT_SIM_TOKEN: ApiToken = {
  tokenId: 'root@pam!mpc',
  secret: '5c0d9f8e-3b7a-4e21-9a64-8f1e2d3c4b5a',
};

/** Who a request runs as. PVE's UPIDs carry the full token id; task status splits it. */
export interface TokenIdentity {
  readonly tokenId: string;
  readonly user: string;
  readonly tokenName: string;
}

/** The reasons PVE's auth handler puts in a 401 status line. */
export type AuthFailure = 'No ticket' | 'Authentication failed!';

export type AuthResult =
  | { readonly ok: true; readonly identity: TokenIdentity }
  | { readonly ok: false; readonly reason: AuthFailure };

// pve-access-control's token id: a userid, '!', a token name.
const TOKEN_ID_PATTERN = /^([^\s:/!@]+@[A-Za-z][A-Za-z0-9._-]*)!([A-Za-z][A-Za-z0-9._-]+)$/;
// PVE::APIServer::Formatter::extract_auth_value for the 'PVEAPIToken' key.
const AUTH_HEADER_PATTERN = /(?:^|\s)PVEAPIToken(?:=| )([^;]*)/;

/** Verifies `Authorization: PVEAPIToken=<tokenid>=<secret>` the way pve-access-control's `verify_token` does. */
export class TokenAuthenticator {
  readonly #secrets = new Map<string, Buffer>();

  constructor(tokens: readonly ApiToken[]) {
    for (const token of tokens) {
      if (!TOKEN_ID_PATTERN.test(token.tokenId)) {
        throw new Error(`invalid API token id '${token.tokenId}': expected user@realm!tokenname`);
      }
      this.#secrets.set(token.tokenId, digest(token.secret));
    }
  }

  authenticate(authorization: string | undefined): AuthResult {
    const value = authorization === undefined ? undefined : AUTH_HEADER_PATTERN.exec(authorization)?.[1];
    // Without a token PVE looks for a ticket, and reports its absence.
    if (!value) return { ok: false, reason: 'No ticket' };

    const decoded = uriUnescape(value);
    // verify_token splits at the last '=': `^(.*)=(.*)$` is greedy.
    const separator = decoded.lastIndexOf('=');
    const tokenId = decoded.slice(0, separator);
    const secret = decoded.slice(separator + 1);
    const expected = this.#secrets.get(tokenId);
    const match = TOKEN_ID_PATTERN.exec(tokenId);
    if (separator < 0 || !expected || !match || !timingSafeEqual(expected, digest(secret))) {
      return { ok: false, reason: 'Authentication failed!' };
    }
    return { ok: true, identity: { tokenId, user: match[1], tokenName: match[2] } };
  }
}

// Equal-length digests let timingSafeEqual compare secrets of any length.
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
