import { Inject, Injectable } from '@nestjs/common';
import { Clock, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { McpEdgeConfig } from '../config';
import type { Authentication, StoredToken } from './authentication';
import { JwtVerifier } from './jwt-verifier';
import { StaticTokens } from './static-tokens';
import { tokenDigest } from './token-digest';
import { storedTokenOf } from '../tokens/api-token.entity';
import { ApiTokenStore } from '../tokens/api-token.store';

// The only grant MCP_AUTH=none gives, which config allows only for the conformance fixtures on loopback.
const ANONYMOUS = {
  actorId: 'anonymous:conformance',
  scopes: ['read'],
  nodes: [],
  guests: [],
  tools: [],
} as const;

/**
 * Turns an Authorization header into a grant. MCP callers present what MCP_AUTH says
 * (API tokens, or OAuth access tokens); operators' endpoints always take API tokens,
 * so the admin credential never depends on an outside authorization server.
 */
@Injectable()
export class Authenticator {
  private readonly jwt: JwtVerifier | undefined;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: McpEdgeConfig,
    private readonly staticTokens: StaticTokens,
    private readonly tokens: ApiTokenStore,
    private readonly clock: Clock,
  ) {
    this.jwt = config.MCP_AUTH === 'oauth' ? new JwtVerifier(config) : undefined;
  }

  /** The OAuth verifier when MCP_AUTH=oauth (for scope names in challenges). */
  get oauth(): JwtVerifier | undefined {
    return this.jwt;
  }

  async mcpCaller(authorization: string | undefined): Promise<Authentication> {
    if (this.config.MCP_AUTH === 'none') return { grant: { ...ANONYMOUS, scopes: [...ANONYMOUS.scopes] } };
    const bearer = bearerOf(authorization);
    if ('refusal' in bearer) return bearer;
    return this.jwt ? this.jwt.verify(bearer.token) : this.apiToken(bearer.token);
  }

  async operator(authorization: string | undefined): Promise<Authentication> {
    const bearer = bearerOf(authorization);
    return 'refusal' in bearer ? bearer : this.apiToken(bearer.token);
  }

  private apiToken(token: string): Promise<Authentication> {
    return this.apiTokenByDigest(tokenDigest(token));
  }

  /**
   * The API token with this digest, checked as at sign-in: the web console keeps only the
   * digest of its operator's token and asks again at every request, so a revocation ends the session.
   */
  async apiTokenByDigest(digest: Buffer): Promise<Authentication> {
    const found = this.staticTokens.find(digest) ?? (await this.createdToken(digest));
    if (!found) return { refusal: 'invalid bearer token', error: 'invalid_token' };
    const name = found.grant.actorId;
    if (found.revokedAt) {
      return { refusal: `${name} was revoked at ${found.revokedAt.toISOString()}`, error: 'invalid_token' };
    }
    if (found.expiresAt && found.expiresAt.getTime() <= this.clock.now().getTime()) {
      return { refusal: `${name} expired at ${found.expiresAt.toISOString()}`, error: 'invalid_token' };
    }
    return { grant: found.grant };
  }

  /** A token an operator created (`npm run token`); its revocation holds at its next request (CachedApiTokenStore). */
  private async createdToken(digest: Buffer): Promise<StoredToken | undefined> {
    const token = await this.tokens.findByDigest(digest);
    return token && storedTokenOf(token);
  }
}

function bearerOf(
  authorization: string | undefined,
): { token: string } | Extract<Authentication, { refusal: string }> {
  if (!authorization) {
    return {
      refusal: 'missing Authorization header: send "Authorization: Bearer <token>"',
      error: 'invalid_token',
    };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1])
    return { refusal: 'the Authorization header must be "Bearer <token>"', error: 'invalid_token' };
  return { token: match[1] };
}
