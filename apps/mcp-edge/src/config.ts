import { EXEC_OUTPUT_LIMIT_BYTES } from '@proxmox-mpc/contracts';
import { BaseConfigSchema, JaegerUrlSetting } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';
import { SCOPES } from './access/access-policy';
import { ExecEntrySchema } from './access/exec-entry';
import { APPROVAL_ACTIONS, DEFAULT_APPROVAL_ACTIONS } from './approvals/approval-actions';
import { DownloadAllowEntrySchema } from './downloads/download-allow-list';

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
  MCP_TRANSPORT: z
    .enum(['http', 'stdio'])
    .default('http')
    .describe('`http` (Streamable HTTP on `/mcp`) or `stdio` (`--stdio` on the command line sets it).'),
  MCP_BEARER_TOKEN: z
    .string()
    .min(16, 'use a token of at least 16 characters')
    .optional()
    .describe(
      'The bearer token of the agent that connects, at least 16 characters, kept only as a SHA-256 digest. ' +
        'Over HTTP it, `MCP_TOKENS_FILE` or `MCP_ADMIN_TOKEN` is required.',
    ),
  MCP_TOKEN_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, . _ -')
    .default('default')
    .describe("Who calls with that token, as recorded in every envelope's `actor` (`token:<name>`)."),
  MCP_TOKEN_SCOPES: list
    .pipe(z.array(z.enum(SCOPES)).min(1))
    .default(['read', 'plan', 'apply'])
    .describe(
      `That token's scopes, comma-separated (${SCOPES.join(', ')}; \`read\` gives the read tools only).`,
    ),
  MCP_TOKEN_NODES: list
    .default([])
    .describe("That token's node allow-list, comma-separated node names; empty means every node."),
  MCP_TOKEN_GUESTS: list
    .default([])
    .describe(
      "That token's guest allow-list, selectors such as `web-*`, `pve1/*` or `100`; empty means every guest.",
    ),
  MCP_TOKEN_TOOLS: list
    .default([])
    .describe(
      "That token's tool allow-list, e.g. `list_guests,get_guest`; empty means every tool its scopes allow.",
    ),
  MCP_TOKEN_EXEC: list
    .pipe(z.array(ExecEntrySchema))
    .default([])
    .describe(
      "That token's exec allow-list: commands `exec_in_guest` may run, comma-separated, each a command prefix " +
        '(`uptime,systemctl status,df -h`); empty means none.',
    ),
  MCP_AUTH: z
    .enum(['tokens', 'oauth', 'none'])
    .default('tokens')
    .describe(
      'How HTTP callers prove who they are: `tokens` (bearer tokens from the settings above and ' +
        '`npm run token`) or `oauth` (JWT access tokens from an OAuth 2.1 authorization server). ' +
        '`none` exists only for `npm run conformance`, whose suite sends no credentials: every caller is ' +
        '`anonymous:conformance` with scope `read`, refused unless `MCP_CONFORMANCE_FIXTURES=true` and ' +
        '`HTTP_HOST` is loopback.',
    ),
  MCP_CONFORMANCE_FIXTURES: z
    .enum(['true', 'false'], { error: 'expected true or false' })
    .transform((value) => value === 'true')
    .default(false)
    .describe(
      'Adds the fixed-name tools, resources and prompts (`test_simple_text`, `test://static-text`, …) the ' +
        '`@modelcontextprotocol/conformance` server scenarios call; they touch neither Proxmox nor the bus. ' +
        'Off by default: they are test surface, not features.',
    ),
  MCP_RESOURCE_URL: z
    .url()
    .optional()
    .describe(
      'The public URL of the MCP endpoint (`https://…/mcp`): the OAuth resource and the default audience; ' +
        'required with `MCP_AUTH=oauth`.',
    ),
  MCP_OAUTH_ISSUER: z
    .url()
    .optional()
    .describe("The authorization server's issuer (`iss`); required with `MCP_AUTH=oauth`."),
  MCP_OAUTH_JWKS_URL: z
    .url()
    .optional()
    .describe("The authorization server's JWKS URL; required with `MCP_AUTH=oauth`."),
  MCP_OAUTH_AUDIENCE: z
    .string()
    .min(1)
    .optional()
    .describe('The `aud` access tokens must carry; `MCP_RESOURCE_URL` when unset.'),
  MCP_OAUTH_SCOPE_PREFIX: z
    .string()
    .default('')
    .describe('Prefix of the OAuth scopes that map to ours (`mpc:` makes `mpc:read` mean `read`).'),
  MCP_OAUTH_ALGORITHMS: list
    .pipe(
      z
        .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA']))
        .min(1),
    )
    .default(['RS256', 'PS256', 'ES256', 'EdDSA'])
    .describe('JWT signature algorithms accepted; asymmetric only, so a leaked JWKS never signs tokens.'),
  MCP_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(600)
    .describe("Tool calls per caller per minute, on each replica (0 = no limit); a token's own rate wins."),
  MCP_TOOL_RATE_LIMITS: jsonSetting('{"iac_apply": 5}')
    .pipe(z.record(z.string(), z.number().int().min(1)))
    .default({})
    .describe(
      'JSON, calls per minute per caller for single tools, e.g. `{"iac_apply": 5, "delete_guest": 10}`.',
    ),
  MCP_MAX_CONCURRENT_CALLS: z.coerce
    .number()
    .int()
    .min(0)
    .default(8)
    .describe('Tool calls one caller may have running at once, on each replica (0 = no cap).'),
  MCP_ADMIN_TOKEN: z
    .string()
    .min(16, 'use a token of at least 16 characters')
    .optional()
    .describe(
      "The operator's token for the admin HTTP endpoints (`/admin/approvals`, `/admin/tokens`); never " +
        'give it to an agent. Unset, those endpoints refuse everyone; the console (`proxmox-mpc`) decides ' +
        'approvals and manages tokens over the bus with its own NATS credential instead.',
    ),
  MCP_TOKENS_FILE: z
    .string()
    .optional()
    .describe(
      'More tokens: a JSON file listing `{ name, sha256 | token, scopes, nodes?, guests?, tools?, ' +
        'rateLimitPerMinute?, expiresAt? }` (docs/mcp.md, "Tokens").',
    ),
  MCP_STDIO_SCOPES: list
    .pipe(z.array(z.enum(SCOPES)).min(1))
    .default(['read', 'plan', 'apply'])
    .describe('Scopes of a stdio caller (the local user who started the process).'),
  MCP_APPROVAL_POLICY: approvalPolicy
    .default({ '*': [...DEFAULT_APPROVAL_ACTIONS] })
    .describe(
      "JSON: the actions that need a human's yes, per target (`*` = any target not listed), e.g. " +
        `\`{"*": ["power.stop", "delete"], "lab": []}\`; actions: ${APPROVAL_ACTIONS.join(', ')}.`,
    ),
  MCP_APPROVAL_TTL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000)
    .describe('An approval not decided within this expires and can no longer be approved.'),
  MCP_STATE_KEY: z
    .string()
    .min(32, 'use at least 32 characters')
    .optional()
    .describe(
      'Signs the state handed to clients between elicitation rounds; random per process when unset, ' +
        'so set the same key (32+ characters) on every replica.',
    ),
  MCP_ALLOWED_HOSTS: list
    .default(['localhost', '127.0.0.1', '[::1]'])
    .describe('`Host` header values accepted (DNS-rebinding protection); empty = any.'),
  MCP_ALLOWED_ORIGINS: list
    .default(['localhost', '127.0.0.1', '[::1]'])
    .describe(
      "Hostnames a browser's `Origin` header may name; requests without `Origin` (non-browser clients) pass; " +
        'empty = any.',
    ),
  MCP_TOOL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(45_000)
    .describe(
      "How long a tool waits for its command's result before answering that it is still running, with the " +
        '`operationId` to follow; below the 60 s after which stock MCP clients give up.',
    ),
  MCP_EXEC_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(300)
    .default(30)
    .describe('How long `exec_in_guest` waits for a command to exit before it reports it still running.'),
  MCP_EXEC_MAX_OUTPUT_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(EXEC_OUTPUT_LIMIT_BYTES)
    .default(65_536)
    .describe(
      `The most of a command's standard output (and of its standard error) \`exec_in_guest\` keeps; at most ${EXEC_OUTPUT_LIMIT_BYTES}.`,
    ),
  MCP_DOWNLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(8 * 1024 ** 3)
    .describe(
      'The largest file `download_to_storage` lets a node fetch; the node is asked for the size first, and a ' +
        'file whose size the server does not tell is refused.',
    ),
  MCP_DOWNLOAD_ALLOWED_HOSTS: list
    .pipe(z.array(DownloadAllowEntrySchema))
    .default([])
    .describe(
      'Host names and networks (CIDR) `download_to_storage` may fetch from although they resolve to loopback, ' +
        'link-local, private or unique-local addresses, e.g. `mirror.lan,10.20.0.0/16`.',
    ),
  MCP_UI_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30)
    .describe('The web console (`/ui`) signs an operator out after this long without a request.'),
  MCP_UI_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12)
    .describe('A web console session ends this long after sign-in, however busy.'),
  MCP_UI_SECURE_COOKIES: z
    .enum(['auto', 'always'])
    .default('auto')
    .describe(
      'When the web console session cookie is marked `Secure`: `auto` when the request came over https, ' +
        '`always` behind a proxy that ends TLS (set it whenever users reach the console over https).',
    ),
  JAEGER_URL: JaegerUrlSetting,
  MCP_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(1_048_576)
    .describe('The largest request body.'),
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
