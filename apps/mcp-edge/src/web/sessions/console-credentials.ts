import { Injectable } from '@nestjs/common';
import type { AccessGrant } from '../../access/access-policy';
import { Authenticator } from '../../access/authenticator';
import { tokenDigest } from '../../access/token-digest';
import type { WebSession } from './web-session.entity';

/** What a credential pasted at sign-in proved. */
export interface SignInCredential {
  grant: AccessGrant;
  /** An API token's digest, to look it up again at every request. */
  tokenDigest?: Buffer;
  /** When the credential itself stops being valid (an OAuth access token's `exp`). */
  expiresAt?: Date;
}

export type Refusal = { refusal: string };

// header.payload.signature, each base64url: what an OAuth access token looks like.
const JWT = /^[\w-]+\.([\w-]+)\.[\w-]+$/;

/**
 * The web console's view of mcp-edge's Authenticator: an operator signs in with an API
 * token (always, as on the admin endpoints) or, where MCP_AUTH=oauth, with an access token
 * of the authorization server pasted in. The same checks as every other caller's.
 */
@Injectable()
export class ConsoleCredentials {
  constructor(private readonly authenticator: Authenticator) {}

  async signIn(secret: string): Promise<SignInCredential | Refusal> {
    const oauth = this.authenticator.oauth;
    const jwt = JWT.exec(secret);
    if (oauth && jwt?.[1]) {
      const verified = await oauth.verify(secret);
      if ('refusal' in verified) return { refusal: verified.refusal };
      return { grant: verified.grant, expiresAt: expiryOf(jwt[1]) };
    }
    const digest = tokenDigest(secret);
    const checked = await this.authenticator.apiTokenByDigest(digest);
    return 'refusal' in checked
      ? { refusal: checked.refusal }
      : { grant: checked.grant, tokenDigest: digest };
  }

  /** The session's grant now: its API token looked up again, or the OAuth grant it started with. */
  async recheck(session: WebSession): Promise<{ grant: AccessGrant } | Refusal> {
    if (session.tokenDigest) {
      const checked = await this.authenticator.apiTokenByDigest(session.tokenDigest);
      return 'refusal' in checked ? { refusal: checked.refusal } : { grant: checked.grant };
    }
    return session.oauthGrant ? { grant: session.oauthGrant } : { refusal: 'the session has no credential' };
  }
}

/** The `exp` of a JWT whose signature and claims were verified already (it is required). */
function expiryOf(payload: string): Date {
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number };
  return new Date(claims.exp * 1000);
}
