import { readFileSync } from 'node:fs';
import { sealSecret } from '@proxmox-mpc/bus';
import { Subjects, TargetAddContract, WorkspaceNameSchema, type DataOf } from '@proxmox-mpc/contracts';
import { stringFlag } from '../cli/arguments';
import { CommandFailed, UsageError } from '../cli/errors';
import { executeIac } from '../platform/workspaces';
import type { CommandContext, CommandDefinition, ParsedArgs } from './command';

// The agent checks the cluster first (a slow or unreachable one takes its 15 s timeout, retried).
const ADD_TIMEOUT_MS = 120_000;
const fields = TargetAddContract.data.shape;

/** A value from its flag, or asked for on a terminal; checked with the contract's own schema. */
async function value(
  context: CommandContext,
  args: ParsedArgs,
  flag: string,
  question: string,
  check: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } },
): Promise<string> {
  const given = stringFlag(args, flag) ?? (context.interactive ? await context.ask(question) : undefined);
  if (!given) throw new UsageError(`--${flag} is required (or run /init in a terminal to be asked)`);
  const checked = check.safeParse(given);
  if (!checked.success) throw new UsageError(`--${flag}: ${checked.error?.issues[0]?.message ?? 'invalid'}`);
  return given;
}

/**
 * The token's secret, never from a flag (it would stay in the shell and REPL history and
 * the process list): from a file, from PVE_TOKEN_SECRET, or typed without echo.
 */
async function tokenSecret(context: CommandContext, args: ParsedArgs): Promise<string> {
  const file = stringFlag(args, 'token-secret-file');
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new UsageError(
        `--token-secret-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  const fromEnv = process.env.PVE_TOKEN_SECRET;
  if (fromEnv) return fromEnv;
  if (!context.interactive) {
    throw new UsageError('the token secret: give --token-secret-file <path> or set PVE_TOKEN_SECRET');
  }
  const typed = await context.ask('token secret (not shown): ', { secret: true });
  if (!typed) throw new UsageError('the token secret is required');
  return typed;
}

function caPem(args: ParsedArgs): string | undefined {
  const file = stringFlag(args, 'ca-file');
  if (!file) return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--ca-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (!fields.caPem.safeParse(pem).success)
    throw new UsageError(`--ca-file ${file}: expected a PEM certificate`);
  return pem;
}

export const initCommand: CommandDefinition = {
  name: 'init',
  summary:
    'Connect a Proxmox VE cluster: checked against its API first, its secret kept sealed, its workspace created.',
  flags: {
    name: {
      kind: 'string',
      value: 'cluster',
      description: "the cluster's name in the platform, e.g. homelab",
    },
    url: { kind: 'string', value: 'url', description: 'the Proxmox VE API, e.g. https://pve1.example:8006' },
    'token-id': { kind: 'string', value: 'user@realm!name', description: 'the API token id' },
    'token-secret-file': {
      kind: 'string',
      value: 'path',
      description: "a file holding the token's secret (else PVE_TOKEN_SECRET, else asked without echo)",
    },
    'ca-file': { kind: 'string', value: 'pem', description: "the CA that signed the cluster's certificate" },
    'insecure-tls': { kind: 'boolean', description: 'skip TLS verification (a lab only)' },
    workspace: {
      kind: 'string',
      value: 'name',
      description: 'the IaC workspace to create (default: the cluster name)',
    },
  },
  examples: [
    '/init',
    'proxmox-mpc init --name lab --url https://pve1.lab:8006 --token-id "mpc@pve!agent" --token-secret-file ./secret --ca-file ./pve-ca.pem',
  ],
  notes: [
    'Nothing is saved unless the cluster answers through the URL, TLS settings and token given; the',
    "token needs at least PVEAuditor (more for operations). The secret travels sealed to the agent's",
    'key and is stored encrypted; the agent needs PVE_SECRETS_KEY for this. The workspace imports the',
    'cluster as Terraform, so /drift and /plan work at once.',
  ],
  async run(context, args) {
    const name = await value(context, args, 'name', 'cluster name (e.g. homelab): ', fields.name);
    const url = await value(context, args, 'url', 'Proxmox VE URL (https://host:8006): ', fields.url);
    const tokenId = await value(
      context,
      args,
      'token-id',
      'API token id (user@realm!name): ',
      fields.tokenId,
    );
    const workspace = stringFlag(args, 'workspace') ?? name;
    if (!WorkspaceNameSchema.safeParse(workspace).success) {
      throw new UsageError(
        `--workspace: "${workspace}" is not a workspace name (lower-case letters, digits, dashes)`,
      );
    }
    const ca = caPem(args);
    const insecureTls = Boolean(args.flags['insecure-tls']);
    if (ca && insecureTls) throw new UsageError('give --ca-file or --insecure-tls, not both');

    // Everything that could refuse is asked before anything is sent: nothing half-done.
    const bus = await context.platform.bus();
    const [{ targets, sealingKey }, { workspaces }] = await Promise.all([
      bus.query(Subjects.proxmoxTargetsList, {}, context.origin()),
      bus.query(Subjects.iacWorkspacesList, {}, context.origin()),
    ]);
    if (targets.some((target) => target.name === name)) {
      throw new CommandFailed(
        `a cluster named "${name}" is connected already (${targets.map((target) => target.name).join(', ')})`,
      );
    }
    if (workspaces.some((each) => each.name === workspace)) {
      throw new CommandFailed(
        `a workspace named "${workspace}" exists already; choose another with --workspace`,
      );
    }
    if (!sealingKey) {
      throw new CommandFailed(
        'proxmox-agent cannot accept clusters at run time: set PVE_SECRETS_KEY (or PVE_SECRETS_KEY_FILE) on it',
      );
    }
    const secret = await tokenSecret(context, args);

    context.terminal.note(`checking ${url} with ${tokenId} …`);
    const added = await bus.execute(
      Subjects.proxmoxTargetAdd,
      {
        name,
        url,
        tokenId,
        sealedTokenSecret: sealSecret(sealingKey, secret),
        ...(ca ? { caPem: ca } : {}),
        ...(insecureTls ? { insecureTls } : {}),
      },
      context.actingOrigin(),
      { timeoutMs: ADD_TIMEOUT_MS, signal: context.signal },
    );
    if (added.subject !== Subjects.proxmoxTargetAdded) {
      throw new CommandFailed(`not connected: ${added.envelope.data.message}`, added.envelope.data);
    }
    const cluster = added.envelope.data;
    context.terminal.note(
      `connected ${name}: Proxmox VE ${cluster.version}, nodes ${cluster.nodes.join(', ')}`,
    );
    const created = await executeIac(context, Subjects.iacWorkspaceInit, { workspace, target: name });
    const imported = await executeIac(context, Subjects.iacImport, { workspace });
    const generated = imported.envelope.data as DataOf<typeof Subjects.iacGenerated>;
    return {
      ok: true,
      data: { cluster, workspace: created.envelope.data, imported: generated },
      lines: [
        `connected ${name} (${url}): Proxmox VE ${cluster.version}, ${cluster.nodes.length} nodes (${cluster.nodes.join(', ')})` +
          (insecureTls ? ' — TLS NOT VERIFIED' : ca ? ', TLS verified with the given CA' : ''),
        `workspace ${workspace}: ${generated.guests} guests imported at ${generated.revision.slice(0, 12)}`,
        `next: /status, /guests --target ${name}, /drift ${workspace}`,
      ],
    };
  },
};
