import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  describeIssues,
  GuestSelectorSchema,
  NodeSelectorSchema,
  toValidationIssues,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import type { McpEdgeConfig } from '../config';
import { SCOPES, type AccessGrant } from './access-policy';

const TokenEntrySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, . _ -'),
    /** The token's SHA-256 digest in hex; or `token`, the secret itself (for files only an operator reads). */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits')
      .optional(),
    token: z.string().min(16, 'use a token of at least 16 characters').optional(),
    scopes: z.array(z.enum(SCOPES)).min(1),
    nodes: z.array(NodeSelectorSchema).default([]),
    guests: z.array(GuestSelectorSchema).default([]),
  })
  .strict()
  .refine((entry) => (entry.sha256 === undefined) !== (entry.token === undefined), {
    message: 'give exactly one of sha256 and token',
    path: ['sha256'],
  });

interface StoredToken {
  digest: Buffer;
  grant: AccessGrant;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class TokenConfigError extends Error {}

/**
 * The bearer tokens mcp-edge accepts, kept only as SHA-256 digests: the one from
 * MCP_BEARER_TOKEN, the operator's MCP_ADMIN_TOKEN, and any listed in MCP_TOKENS_FILE.
 */
export class TokenRegistry {
  private readonly tokens: StoredToken[];

  constructor(config: McpEdgeConfig) {
    this.tokens = [];
    if (config.MCP_BEARER_TOKEN) {
      this.add(config.MCP_TOKEN_NAME, digest(config.MCP_BEARER_TOKEN), {
        scopes: config.MCP_TOKEN_SCOPES,
        nodes: config.MCP_TOKEN_NODES,
        guests: config.MCP_TOKEN_GUESTS,
      });
    }
    if (config.MCP_ADMIN_TOKEN)
      this.add('admin', digest(config.MCP_ADMIN_TOKEN), { scopes: ['admin'], nodes: [], guests: [] });
    if (config.MCP_TOKENS_FILE) this.loadFile(config.MCP_TOKENS_FILE);
  }

  /** The grant for `authorization`, or why it is refused. */
  authenticate(authorization: string | undefined): { grant: AccessGrant } | { refusal: string } {
    if (!authorization)
      return { refusal: 'missing Authorization header: send "Authorization: Bearer <token>"' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) return { refusal: 'the Authorization header must be "Bearer <token>"' };
    const presented = digest(match[1]);
    // Compare against every token so the time taken does not say which one came close.
    let found: StoredToken | undefined;
    for (const token of this.tokens) if (timingSafeEqual(token.digest, presented)) found = token;
    return found ? { grant: found.grant } : { refusal: 'invalid bearer token' };
  }

  private add(name: string, tokenDigest: Buffer, grant: Omit<AccessGrant, 'actorId'>): void {
    if (this.tokens.some((token) => token.grant.actorId === `token:${name}`)) {
      throw new TokenConfigError(`token name "${name}" is used twice`);
    }
    this.tokens.push({ digest: tokenDigest, grant: { actorId: `token:${name}`, ...grant } });
  }

  private loadFile(path: string): void {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new TokenConfigError(`MCP_TOKENS_FILE ${path}: ${(error as Error).message}`);
    }
    const parsed = z.array(TokenEntrySchema).safeParse(json);
    if (!parsed.success)
      throw new TokenConfigError(
        `MCP_TOKENS_FILE ${path}: ${describeIssues(toValidationIssues(parsed.error))}`,
      );
    for (const entry of parsed.data) {
      const tokenDigest = entry.sha256 ? Buffer.from(entry.sha256, 'hex') : digest(entry.token as string);
      this.add(entry.name, tokenDigest, { scopes: entry.scopes, nodes: entry.nodes, guests: entry.guests });
    }
  }
}
