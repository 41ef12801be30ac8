import { createHash, randomBytes } from 'node:crypto';
import {
  API_TOKEN_PREFIX,
  Subjects,
  TokenNameSchema,
  TokenScopeSchema,
  type TokenSummary,
} from '@proxmox-mpc/contracts';
import { durationFlag, numberFlag, stringFlag } from '../cli/arguments';
import { CommandFailed, UsageError } from '../cli/errors';
import { didYouMean } from '../cli/suggest';
import type { CommandContext, CommandDefinition, CommandResult, ParsedArgs } from './command';

const ACTIONS = ['list', 'create', 'revoke'] as const;
const TOKEN_TIMEOUT_MS = 30_000;

function csv(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function describe(token: TokenSummary): string {
  const limits = [
    token.tools.length ? `tools ${token.tools.join(',')}` : '',
    token.nodes.length ? `nodes ${token.nodes.join(',')}` : '',
    token.guests.length ? `guests ${token.guests.join(',')}` : '',
    token.exec?.length ? `exec ${token.exec.join(',')}` : '',
    token.rateLimitPerMinute ? `${token.rateLimitPerMinute}/min` : '',
    token.expiresAt ? `expires ${token.expiresAt}` : 'no expiry',
    token.revokedAt ? `REVOKED ${token.revokedAt} by ${token.revokedBy}` : '',
  ].filter(Boolean);
  return `${token.name}  [${token.scopes.join(',')}]  ${limits.join('  ')}  (created ${token.createdAt} by ${token.createdBy})`;
}

function expiryOf(args: ParsedArgs): string | undefined {
  const expiresAt = stringFlag(args, 'expires-at');
  const expiresIn = durationFlag(args, 'expires-in');
  if (expiresAt !== undefined && expiresIn !== undefined)
    throw new UsageError('give --expires-in or --expires-at, not both');
  if (expiresIn !== undefined) return new Date(Date.now() + expiresIn).toISOString();
  return expiresAt;
}

/**
 * A new token: the secret is made here and shown once; only its SHA-256 travels, so the
 * secret is in no message, stream or log, and mcp-edge keeps the digest alone.
 */
async function create(context: CommandContext, name: string, args: ParsedArgs): Promise<CommandResult> {
  const scopes = csv(stringFlag(args, 'scopes'));
  if (!scopes?.length) throw new UsageError('--scopes is required, e.g. --scopes read,plan');
  const unknown = scopes.find((scope) => !TokenScopeSchema.safeParse(scope).success);
  if (unknown)
    throw new UsageError(`--scopes: "${unknown}" is not one of ${TokenScopeSchema.options.join(', ')}`);
  if (!TokenNameSchema.safeParse(name).success) {
    throw new UsageError(`"${name}" is not a token name: expected 1-64 letters, digits, . _ -`);
  }
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const rate = numberFlag(args, 'rate', { min: 1, max: 100_000 });
  const expiresAt = expiryOf(args);
  const bus = await context.platform.bus();
  const outcome = await bus.execute(
    Subjects.mcpTokenCreate,
    {
      name,
      scopes: scopes.map((scope) => TokenScopeSchema.parse(scope)),
      ...(csv(stringFlag(args, 'tools')) ? { tools: csv(stringFlag(args, 'tools')) } : {}),
      ...(csv(stringFlag(args, 'nodes')) ? { nodes: csv(stringFlag(args, 'nodes')) } : {}),
      ...(csv(stringFlag(args, 'guests')) ? { guests: csv(stringFlag(args, 'guests')) } : {}),
      ...(csv(stringFlag(args, 'exec')) ? { exec: csv(stringFlag(args, 'exec')) } : {}),
      ...(rate === undefined ? {} : { rateLimitPerMinute: rate }),
      ...(expiresAt ? { expiresAt } : {}),
      digest: createHash('sha256').update(secret, 'utf8').digest('hex'),
    },
    context.actingOrigin(),
    { timeoutMs: TOKEN_TIMEOUT_MS, signal: context.signal },
  );
  if (outcome.subject !== Subjects.mcpTokenCreated) {
    throw new CommandFailed(`refused: ${outcome.envelope.data.message}`, outcome.envelope.data);
  }
  return {
    ok: true,
    data: { token: secret, summary: outcome.envelope.data },
    lines: [`created: ${describe(outcome.envelope.data)}`, `token (shown once; store it now): ${secret}`],
  };
}

export const tokensCommand: CommandDefinition = {
  name: 'tokens',
  aliases: ['token'],
  summary: 'API tokens for MCP clients: list, create (scoped, limited, expiring) and revoke.',
  arguments: [
    { name: 'action', description: `${ACTIONS.join(', ')} (default: list)`, complete: ACTIONS },
    { name: 'name', description: 'the token name (create, revoke)' },
  ],
  flags: {
    scopes: {
      kind: 'string',
      value: 'read,plan,apply,admin',
      description: 'create: what it may do (required)',
    },
    tools: { kind: 'string', value: 'a,b', description: 'create: only these tools' },
    nodes: { kind: 'string', value: 'a,b', description: 'create: only these nodes (selectors)' },
    guests: { kind: 'string', value: "'web-*,100'", description: 'create: only these guests (selectors)' },
    exec: {
      kind: 'string',
      value: "'uptime,systemctl status'",
      description: 'create: commands it may run in guests (exec_in_guest)',
    },
    'expires-in': { kind: 'string', value: '30d', description: 'create: lifetime, e.g. 90m, 12h, 30d' },
    'expires-at': { kind: 'string', value: 'time', description: 'create: expiry as an ISO 8601 time' },
    rate: { kind: 'string', value: 'n', description: 'create: tool calls per minute' },
    all: { kind: 'boolean', description: 'list: revoked tokens too' },
  },
  examples: [
    '/tokens',
    '/tokens create ci-reader --scopes read --expires-in 30d',
    '/tokens revoke ci-reader',
  ],
  notes: ['The secret is made by the console and shown once; mcp-edge only ever sees its SHA-256.'],
  async run(context, args) {
    const [action = 'list', name] = args.positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(
        `unknown action "${action}" for /tokens (${ACTIONS.join(', ')})${didYouMean(action, ACTIONS)}`,
      );
    }
    const bus = await context.platform.bus();
    if (action === 'list') {
      const { tokens } = await bus.query(
        Subjects.mcpTokensList,
        { includeRevoked: Boolean(args.flags.all) },
        context.origin(),
      );
      return { ok: true, data: { tokens }, lines: tokens.length ? tokens.map(describe) : ['no tokens'] };
    }
    if (name === undefined) throw new UsageError(`/tokens ${action} needs the token's name`);
    if (action === 'create') return create(context, name, args);
    const outcome = await bus.execute(Subjects.mcpTokenRevoke, { name }, context.actingOrigin(), {
      timeoutMs: TOKEN_TIMEOUT_MS,
      signal: context.signal,
    });
    if (outcome.subject !== Subjects.mcpTokenRevoked) {
      throw new CommandFailed(`refused: ${outcome.envelope.data.message}`, outcome.envelope.data);
    }
    return { ok: true, data: outcome.envelope.data, lines: [`revoked: ${describe(outcome.envelope.data)}`] };
  },
};
