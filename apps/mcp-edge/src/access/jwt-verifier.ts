import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import type { McpEdgeConfig } from '../config';
import { SCOPES, type AccessGrant, type Scope } from './access-policy';
import type { Authentication } from './authentication';

// jose ships only ES modules; a dynamic import loads it from this CommonJS build.
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
const loadJose = (): Promise<Jose> => import('jose');

// A subject becomes part of the actor id every envelope carries; keep it printable and short.
const SUBJECT = /^[\x21-\x7e]{1,180}$/;

/**
 * OAuth 2.1 resource-server mode: access tokens are JWTs signed by the authorization
 * server, checked against its JWKS (fetched and cached by jose, refetched when an
 * unknown key id appears), with issuer, audience, expiry and algorithm pinned. Scopes
 * come from the `scope` (RFC 8693/9068) or `scp` claim. The token itself stays here:
 * downstream, the caller is only the envelope's actor, `oauth:<sub>`.
 */
export class JwtVerifier {
  private readonly keys: Promise<{ jose: Jose; jwks: ReturnType<Jose['createRemoteJWKSet']> }>;
  private readonly audience: string;

  constructor(private readonly config: McpEdgeConfig) {
    this.keys = loadJose().then((jose) => ({
      jose,
      jwks: jose.createRemoteJWKSet(new URL(config.MCP_OAUTH_JWKS_URL as string), { timeoutDuration: 5_000 }),
    }));
    this.audience = config.MCP_OAUTH_AUDIENCE ?? (config.MCP_RESOURCE_URL as string);
  }

  async verify(token: string): Promise<Authentication> {
    const { jose, jwks } = await this.keys;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jose.jwtVerify(token, jwks, {
        issuer: this.config.MCP_OAUTH_ISSUER as string,
        audience: this.audience,
        algorithms: this.config.MCP_OAUTH_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      return refusalFor(jose.errors, error);
    }
    if (!SUBJECT.test(claims.sub as string)) {
      return { refusal: 'the token subject must be 1-180 printable characters', error: 'invalid_token' };
    }
    const scopes = this.scopesOf(claims);
    if (scopes.length === 0) {
      return {
        refusal: `the token carries none of the scopes ${SCOPES.map((scope) => this.external(scope)).join(', ')}`,
        error: 'insufficient_scope',
        scope: this.external('read'),
      };
    }
    const grant: AccessGrant = { actorId: `oauth:${claims.sub}`, scopes, nodes: [], guests: [], tools: [] };
    return { grant };
  }

  /** Our scope as the authorization server spells it. */
  external(scope: Scope): string {
    return `${this.config.MCP_OAUTH_SCOPE_PREFIX}${scope}`;
  }

  private scopesOf(claims: JWTPayload): Scope[] {
    const raw = typeof claims.scope === 'string' ? claims.scope.split(' ') : claims.scp;
    const granted = new Set(Array.isArray(raw) ? raw.filter((value) => typeof value === 'string') : []);
    return SCOPES.filter((scope) => granted.has(this.external(scope)));
  }
}

function refusalFor(errors: Jose['errors'], error: unknown): Authentication {
  if (error instanceof errors.JWTExpired)
    return { refusal: 'the access token has expired', error: 'invalid_token' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    return {
      refusal: `the access token's ${error.claim} claim is not accepted here: ${error.reason}`,
      error: 'invalid_token',
    };
  }
  if (
    error instanceof errors.JWKSTimeout ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JWKS_INVALID')
  ) {
    return { refusal: 'the authorization server keys could not be fetched', error: 'server_error' };
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return {
      refusal: 'the access token is signed with an algorithm not accepted here',
      error: 'invalid_token',
    };
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return { refusal: 'the access token signature does not verify', error: 'invalid_token' };
  }
  if (error instanceof errors.JOSEError)
    return { refusal: 'the access token is not a valid JWT', error: 'invalid_token' };
  if (error instanceof TypeError || (error as { code?: string }).code === 'ECONNREFUSED') {
    return { refusal: 'the authorization server keys could not be fetched', error: 'server_error' };
  }
  return { refusal: 'the access token is not a valid JWT', error: 'invalid_token' };
}
