// PVE::Auth::Plugin's user_regex and realm_regex; a token name follows the realm rule.
const USER = String.raw`[^\s:/]+`;
const REALM = String.raw`[A-Za-z][A-Za-z0-9._-]+`;

const USERID = new RegExp(`^(${USER})@(${REALM})$`);
const TOKEN_ID = new RegExp(`^((${USER})@(${REALM}))!(${REALM})$`);

/** `user@realm`, as verify_username accepts it. */
export function isUserId(value: string): boolean {
  return USERID.test(value) && !value.includes('!');
}

/** Splits `user@realm!token` into the owning user and the token name (split_tokenid). */
export function splitTokenId(value: string): { user: string; tokenName: string } | undefined {
  const match = TOKEN_ID.exec(value);
  if (!match?.[1] || !match[4]) return undefined;
  return { user: match[1], tokenName: match[4] };
}

/** Who a request runs as. */
export interface AuthIdentity {
  /** PVE's authid: `user@realm` for a ticket, `user@realm!token` for an API token. UPIDs carry it. */
  readonly authId: string;
  /** The user, for a token its owner. */
  readonly user: string;
  readonly tokenName?: string;
}

export function identityOf(authId: string): AuthIdentity {
  const token = splitTokenId(authId);
  return token ? { authId, user: token.user, tokenName: token.tokenName } : { authId, user: authId };
}
