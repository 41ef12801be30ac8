/** How the client authenticates to Proxmox VE. */
export type PveAuth =
  /** An API token, `user@realm!tokenname` and its secret: stateless, no CSRF token needed. */
  | { readonly kind: 'token'; readonly tokenId: string; readonly secret: string }
  /**
   * A user's password, exchanged for a ticket (POST /access/ticket) on first use; the
   * ticket is renewed before it expires, and writes carry its CSRF prevention token.
   */
  | { readonly kind: 'ticket'; readonly username: string; readonly password: string };

/** The Authorization/Cookie/CSRF headers of one request, and what to do after a 401. */
export interface RequestCredentials {
  /** Headers for a request; a ticket session logs in or renews first. Never logged. */
  headersFor(method: string, signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * After PVE answered 401 to a request sent with `sentHeaders`: whether fresh
   * credentials were obtained and one more try is worth it.
   */
  recover(sentHeaders: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<boolean>;
}

/** `Authorization: PVEAPIToken=<tokenid>=<secret>`; nothing to renew, nothing to recover. */
export class TokenCredentials implements RequestCredentials {
  readonly #headers: Readonly<Record<string, string>>;

  constructor(tokenId: string, secret: string) {
    this.#headers = { authorization: `PVEAPIToken=${tokenId}=${secret}` };
  }

  headersFor(): Promise<Record<string, string>> {
    return Promise.resolve({ ...this.#headers });
  }

  recover(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
