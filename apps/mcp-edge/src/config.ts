import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';
import { SCOPES } from './access/access-policy';
import { APPROVAL_ACTIONS, DEFAULT_APPROVAL_ACTIONS } from './operations/approval-policy';

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** Hosts only this machine can reach: where an endpoint without authentication may listen. */
const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/** A setting holding JSON; `example` is shown when it does not parse. */
function jsonSetting(example: string) {
  return z.string().transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: `expected JSON such as ${example}` });
      return z.NEVER;
    }
  });
}

const approvalPolicy = jsonSetting('{"*": ["power.stop", "delete"], "lab": []}').pipe(
  z.record(z.string(), z.array(z.enum(APPROVAL_ACTIONS))),
);

export const McpEdgeConfigSchema = BaseConfigSchema.extend({
  MCP_TRANSPORT: z.enum(['http', 'stdio']).default('http'),
  /** The bearer token of the agent that connects (kept only as a SHA-256 digest). */
  MCP_BEARER_TOKEN: z.string().min(16, 'use a token of at least 16 characters').optional(),
  /** Who calls with that token, as recorded in every envelope's `actor` (`token:<name>`). */
  MCP_TOKEN_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, . _ -')
    .default('default'),
  MCP_TOKEN_SCOPES: list.pipe(z.array(z.enum(SCOPES)).min(1)).default(['read', 'plan', 'apply']),
  /** Node and guest allow-lists of that token (selectors); empty = everything. */
  MCP_TOKEN_NODES: list.default([]),
  MCP_TOKEN_GUESTS: list.default([]),
  /** Tools that token may see and call; empty = every tool its scopes allow. */
  MCP_TOKEN_TOOLS: list.default([]),
  /**
   * How HTTP callers prove who they are: `tokens` (bearer tokens from the settings above and
   * `npm run token`) or `oauth` (JWT access tokens from an OAuth 2.1 authorization server).
   * `none` exists only for `npm run conformance`, whose suite sends no credentials: every
   * caller gets one read-only grant, so it is refused unless the fixtures are on and the
   * endpoint listens on loopback only.
   */
  MCP_AUTH: z.enum(['tokens', 'oauth', 'none']).default('tokens'),
  /**
   * Adds the fixed-name tools, resources and prompts (`test_simple_text`, `test://static-text`,
   * …) the `@modelcontextprotocol/conformance` server scenarios call. Off by default: they are
   * test surface, not features.
   */
  MCP_CONFORMANCE_FIXTURES: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((value) => value === 'true')
    .default(false),
  /** The public URL of the MCP endpoint (…/mcp): the OAuth resource, and the default audience. */
  MCP_RESOURCE_URL: z.url().optional(),
  MCP_OAUTH_ISSUER: z.url().optional(),
  MCP_OAUTH_JWKS_URL: z.url().optional(),
  /** The `aud` access tokens must carry; defaults to MCP_RESOURCE_URL. */
  MCP_OAUTH_AUDIENCE: z.string().min(1).optional(),
  /** Prefix of the OAuth scopes that map to ours (`mpc:` makes `mpc:read` mean `read`). */
  MCP_OAUTH_SCOPE_PREFIX: z.string().default(''),
  /** Signature algorithms accepted; asymmetric only, so a leaked JWKS never signs tokens. */
  MCP_OAUTH_ALGORITHMS: list
    .pipe(
      z
        .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA']))
        .min(1),
    )
    .default(['RS256', 'PS256', 'ES256', 'EdDSA']),
  /** Tool calls per caller per minute, on each replica (0 = no limit); a token may carry its own. */
  MCP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Per tool and caller, e.g. {"iac_apply": 5, "delete_guest": 10}: calls per minute. */
  MCP_TOOL_RATE_LIMITS: jsonSetting('{"iac_apply": 5}')
    .pipe(z.record(z.string(), z.number().int().min(1)))
    .default({}),
  /** Tool calls one caller may have running at once, on each replica (0 = no cap). */
  MCP_MAX_CONCURRENT_CALLS: z.coerce.number().int().min(0).default(8),
  /** The operator's token for approvals (`npm run approve`); never give it to an agent. */
  MCP_ADMIN_TOKEN: z.string().min(16, 'use a token of at least 16 characters').optional(),
  /** More tokens: a JSON list of { name, sha256 | token, scopes, nodes?, guests? }. */
  MCP_TOKENS_FILE: z.string().optional(),
  /** Scopes of a stdio caller (the local user who started the process). */
  MCP_STDIO_SCOPES: list.pipe(z.array(z.enum(SCOPES)).min(1)).default(['read', 'plan', 'apply']),
  /** Which actions need a human's yes, per target (`*` = any target not listed). */
  MCP_APPROVAL_POLICY: approvalPolicy.default({ '*': [...DEFAULT_APPROVAL_ACTIONS] }),
  MCP_APPROVAL_TTL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000),
  /** Key that signs state sent to clients between elicitation rounds; set it when running replicas. */
  MCP_STATE_KEY: z.string().min(32, 'use at least 32 characters').optional(),
  /** Host header values accepted (DNS-rebinding protection); empty = any. */
  MCP_ALLOWED_HOSTS: list.default(['localhost', '127.0.0.1', '[::1]']),
  /** Hostnames a browser's Origin header may name; requests without Origin (non-browser clients) pass. */
  MCP_ALLOWED_ORIGINS: list.default(['localhost', '127.0.0.1', '[::1]']),
  /**
   * How long a tool waits for a command's result before answering that it is still running
   * (with the operation id to follow). Below the 60 s after which stock MCP clients give up.
   */
  MCP_TOOL_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(45_000),
  MCP_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
}).superRefine((config, context) => {
  if (config.MCP_AUTH === 'oauth') {
    for (const key of ['MCP_RESOURCE_URL', 'MCP_OAUTH_ISSUER', 'MCP_OAUTH_JWKS_URL'] as const) {
      if (!config[key])
        context.addIssue({ code: 'custom', path: [key], message: `${key} is required when MCP_AUTH=oauth` });
    }
    return;
  }
  if (config.MCP_AUTH === 'none') {
    if (!config.MCP_CONFORMANCE_FIXTURES)
      context.addIssue({
        code: 'custom',
        path: ['MCP_AUTH'],
        message: 'MCP_AUTH=none is only for the conformance run: it needs MCP_CONFORMANCE_FIXTURES=true',
      });
    if (!isLoopback(config.HTTP_HOST))
      context.addIssue({
        code: 'custom',
        path: ['MCP_AUTH'],
        message: `MCP_AUTH=none needs HTTP_HOST on loopback (127.0.0.1, ::1, localhost), not ${config.HTTP_HOST}`,
      });
    return;
  }
  if (
    config.MCP_TRANSPORT === 'http' &&
    !config.MCP_BEARER_TOKEN &&
    !config.MCP_TOKENS_FILE &&
    !config.MCP_ADMIN_TOKEN
  ) {
    context.addIssue({
      code: 'custom',
      path: ['MCP_BEARER_TOKEN'],
      message:
        'MCP_BEARER_TOKEN, MCP_TOKENS_FILE or MCP_ADMIN_TOKEN (to create tokens with npm run token) is required when MCP_TRANSPORT=http',
    });
  }
});
export type McpEdgeConfig = z.infer<typeof McpEdgeConfigSchema>;
