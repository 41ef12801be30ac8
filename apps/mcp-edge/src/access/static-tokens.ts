import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeIssues, TokenNameSchema, toValidationIssues } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import type { McpEdgeConfig } from '../config';
import type { StoredToken } from './authentication';
import { tokenDigest } from './token-digest';
import { TokenGrantSchema } from './token-spec';

const TokenFileEntrySchema = TokenGrantSchema.extend({
  name: TokenNameSchema,
  /** The token's SHA-256 digest in hex; or `token`, the secret itself (for files only an operator reads). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits')
    .optional(),
  token: z.string().min(16, 'use a token of at least 16 characters').optional(),
})
  .strict()
  .refine((entry) => (entry.sha256 === undefined) !== (entry.token === undefined), {
    message: 'give exactly one of sha256 and token',
    path: ['sha256'],
  });

interface StaticToken extends StoredToken {
  digest: Buffer;
}

export class TokenConfigError extends Error {}

/**
 * Tokens from the deployment's configuration, held in memory as SHA-256 digests: the
 * agent's MCP_BEARER_TOKEN, the operator's MCP_ADMIN_TOKEN, and MCP_TOKENS_FILE.
 * Operators create the rest at run time (tokens/, in PostgreSQL).
 */
export class StaticTokens {
  private readonly tokens: StaticToken[] = [];

  constructor(config: McpEdgeConfig) {
    if (config.MCP_BEARER_TOKEN) {
      this.add(config.MCP_TOKEN_NAME, tokenDigest(config.MCP_BEARER_TOKEN), {
        scopes: config.MCP_TOKEN_SCOPES,
        nodes: config.MCP_TOKEN_NODES,
        guests: config.MCP_TOKEN_GUESTS,
        tools: config.MCP_TOKEN_TOOLS,
        exec: config.MCP_TOKEN_EXEC,
      });
    }
    if (config.MCP_ADMIN_TOKEN) {
      this.add('admin', tokenDigest(config.MCP_ADMIN_TOKEN), {
        scopes: ['admin'],
        nodes: [],
        guests: [],
        tools: [],
      });
    }
    if (config.MCP_TOKENS_FILE) this.loadFile(config.MCP_TOKENS_FILE);
  }

  /** The token with this digest; every entry is compared so the time taken does not say which came close. */
  find(digest: Buffer): StoredToken | undefined {
    let found: StaticToken | undefined;
    for (const token of this.tokens) if (timingSafeEqual(token.digest, digest)) found = token;
    return found;
  }

  /** Whether a configured token has this name (an operator's token may not take it). */
  has(name: string): boolean {
    return this.tokens.some((token) => token.grant.actorId === `token:${name}`);
  }

  private add(
    name: string,
    digest: Buffer,
    grant: Omit<StoredToken['grant'], 'actorId'>,
    expiresAt?: Date,
  ): void {
    if (this.has(name)) throw new TokenConfigError(`token name "${name}" is used twice`);
    this.tokens.push({
      digest,
      grant: { actorId: `token:${name}`, ...grant },
      ...(expiresAt ? { expiresAt } : {}),
    });
  }

  private loadFile(path: string): void {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new TokenConfigError(`MCP_TOKENS_FILE ${path}: ${(error as Error).message}`);
    }
    const parsed = z.array(TokenFileEntrySchema).safeParse(json);
    if (!parsed.success) {
      throw new TokenConfigError(
        `MCP_TOKENS_FILE ${path}: ${describeIssues(toValidationIssues(parsed.error))}`,
      );
    }
    for (const { name, sha256, token, expiresAt, rateLimitPerMinute, ...grant } of parsed.data) {
      const digest = sha256 ? Buffer.from(sha256, 'hex') : tokenDigest(token as string);
      this.add(name, digest, { ...grant, ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}) }, expiresAt);
    }
  }
}
