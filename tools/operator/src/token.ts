import { parseArgs } from 'node:util';
import type { TokenSummary } from '@proxmox-mpc/contracts';
import { AdminRefusal, callAdmin } from './admin-api';
import { operatorCredentials } from './operator-credentials';

const USAGE = `usage:
  npm run token -- create <name> --scopes read[,plan,apply,admin] [options]
      --tools list_guests,get_guest   only these tools (default: every tool the scopes allow)
      --nodes pve1,pve2               only these nodes (selectors; default: all)
      --guests 'web-*,100'            only these guests (selectors; default: all)
      --expires-in 30d | --expires-at 2027-01-31T00:00:00Z
      --rate 60                       tool calls per minute (default: the server's)
  npm run token -- list [--all]       active tokens (--all: revoked ones too)
  npm run token -- revoke <name>`;

const DURATION = /^(\d+)([mhd])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

class UsageError extends Error {}

function csv(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}

function expiryOf(expiresIn: string | undefined, expiresAt: string | undefined): string | undefined {
  if (expiresIn !== undefined && expiresAt !== undefined) {
    throw new UsageError('give --expires-in or --expires-at, not both');
  }
  if (expiresAt !== undefined) return expiresAt;
  if (expiresIn === undefined) return undefined;
  const match = DURATION.exec(expiresIn);
  if (!match)
    throw new UsageError(`--expires-in: expected a duration such as 90m, 12h or 30d, got "${expiresIn}"`);
  return new Date(Date.now() + Number(match[1]) * (UNIT_MS[match[2] as string] as number)).toISOString();
}

function describe(token: TokenSummary): string {
  const limits = [
    token.tools.length ? `tools ${token.tools.join(',')}` : '',
    token.nodes.length ? `nodes ${token.nodes.join(',')}` : '',
    token.guests.length ? `guests ${token.guests.join(',')}` : '',
    token.rateLimitPerMinute ? `${token.rateLimitPerMinute}/min` : '',
    token.expiresAt ? `expires ${token.expiresAt}` : 'no expiry',
    token.revokedAt ? `REVOKED ${token.revokedAt} by ${token.revokedBy}` : '',
  ].filter(Boolean);
  return `${token.name}  [${token.scopes.join(',')}]  ${limits.join('  ')}  (created ${token.createdAt} by ${token.createdBy})`;
}

/**
 * The operator's side of API tokens: create (the secret is printed once, and mcp-edge
 * keeps only its digest), list and revoke, through mcp-edge's admin endpoints with the
 * admin token. Runs against the platform `npm start` runs, or MPC_EDGE_URL/MPC_ADMIN_TOKEN.
 */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scopes: { type: 'string' },
      tools: { type: 'string' },
      nodes: { type: 'string' },
      guests: { type: 'string' },
      'expires-in': { type: 'string' },
      'expires-at': { type: 'string' },
      rate: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const [command, name, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const credentials = () => operatorCredentials();
  if (command === 'list' && name === undefined) {
    const { tokens } = await callAdmin<{ tokens: TokenSummary[] }>(
      credentials(),
      'GET',
      `/admin/tokens${values.all ? '?all=true' : ''}`,
    );
    process.stdout.write(tokens.length ? `${tokens.map(describe).join('\n')}\n` : 'no tokens\n');
    return 0;
  }
  if (command === 'revoke' && name !== undefined && extra.length === 0) {
    const { token } = await callAdmin<{ token: TokenSummary }>(
      credentials(),
      'DELETE',
      `/admin/tokens/${encodeURIComponent(name)}`,
    );
    process.stdout.write(`revoked: ${describe(token)}\n`);
    return 0;
  }
  if (command === 'create' && name !== undefined && extra.length === 0) {
    if (!values.scopes) throw new UsageError('--scopes is required, e.g. --scopes read,plan');
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    if (rate !== undefined && !Number.isInteger(rate))
      throw new UsageError(`--rate: expected a whole number, got "${values.rate}"`);
    const expiresAt = expiryOf(values['expires-in'], values['expires-at']);
    const created = await callAdmin<{ token: string; summary: TokenSummary }>(
      credentials(),
      'POST',
      '/admin/tokens',
      {
        name,
        scopes: csv(values.scopes),
        ...(values.tools ? { tools: csv(values.tools) } : {}),
        ...(values.nodes ? { nodes: csv(values.nodes) } : {}),
        ...(values.guests ? { guests: csv(values.guests) } : {}),
        ...(rate === undefined ? {} : { rateLimitPerMinute: rate }),
        ...(expiresAt ? { expiresAt } : {}),
      },
    );
    process.stdout.write(`created: ${describe(created.summary)}\n`);
    process.stdout.write(`token (shown once; store it now): ${created.token}\n`);
    return 0;
  }
  throw new UsageError(USAGE);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${message}\n`);
      process.exit(2);
    }
    process.stderr.write(`token: ${error instanceof AdminRefusal ? 'refused: ' : ''}${message}\n`);
    process.exit(1);
  },
);
