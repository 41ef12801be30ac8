import { readFileSync } from 'node:fs';
import { RequestedGuestSchema, Subjects, toValidationIssues, type DataOf } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { flagRefusal, stringFlag } from '../cli/arguments';
import { UsageError } from '../cli/errors';
import { executeIac, findWorkspace } from '../platform/workspaces';
import type { CommandDefinition, ParsedArgs } from './command';

// Each flag and the field of the requested guest it fills, so a refusal names the flag.
const FIELD_FLAGS = {
  name: 'name',
  count: 'count',
  type: 'type',
  node: 'node',
  template: 'template',
  cores: 'cores',
  memory: 'memoryMb',
  disk: 'diskGb',
  ostemplate: 'ostemplate',
  tags: 'tags',
} as const;
const NUMBERS = new Set(['count', 'template', 'cores', 'memory', 'disk']);

/** The guests the flags (or --file) ask for, checked against the contract, naming the flag at fault. */
function requestedGuests(args: ParsedArgs): DataOf<typeof Subjects.iacPlan>['create'] {
  const file = stringFlag(args, 'file');
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`--file ${file}: ${(error as Error).message}`);
    }
    const parsed = z.array(RequestedGuestSchema).min(1).max(50).safeParse(json);
    if (!parsed.success) {
      const issues = toValidationIssues(parsed.error);
      throw new UsageError(
        `--file ${file}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      );
    }
    return parsed.data;
  }
  const guest = Object.fromEntries(
    Object.entries(FIELD_FLAGS).flatMap(([flag, field]): Array<[string, unknown]> => {
      const value = stringFlag(args, flag);
      if (value === undefined) return [];
      if (flag === 'tags') return [[field, value.split(',').filter(Boolean)]];
      return [[field, NUMBERS.has(flag) ? Number(value) : value]];
    }),
  );
  const parsed = RequestedGuestSchema.safeParse(guest);
  if (!parsed.success) throw flagRefusal(parsed.error, FIELD_FLAGS);
  return [parsed.data];
}

export const planCommand: CommandDefinition = {
  name: 'plan',
  summary:
    'Write new guests into a workspace as code (a commit), for /test to check and /apply to carry out.',
  arguments: [{ name: 'workspace', description: 'the workspace', required: true, complete: 'workspaces' }],
  flags: {
    name: {
      kind: 'string',
      value: 'name',
      description: 'the guest name (with --count: name-01, name-02, …)',
    },
    count: { kind: 'string', value: 'n', description: 'how many (1-50)' },
    type: {
      kind: 'string',
      value: 'qemu|lxc',
      description: 'a VM (qemu) or a container (lxc)',
      complete: ['qemu', 'lxc'],
    },
    node: { kind: 'string', value: 'node', description: 'the node it runs on' },
    template: { kind: 'string', value: 'vmid', description: 'VMs: the template to clone' },
    ostemplate: { kind: 'string', value: 'volume', description: 'containers: the OS template volume' },
    cores: { kind: 'string', value: 'n', description: 'CPU cores' },
    memory: { kind: 'string', value: 'MiB', description: 'memory in MiB' },
    disk: { kind: 'string', value: 'GiB', description: 'containers: root disk size in GiB' },
    tags: { kind: 'string', value: 'a,b', description: 'tags, comma-separated' },
    file: { kind: 'string', value: 'path', description: 'a JSON list of guests instead of the flags above' },
  },
  examples: [
    '/plan homelab --name web --count 2 --type qemu --node pve1 --template 9000 --cores 2 --memory 2048',
    '/plan homelab --file new-guests.json',
  ],
  async run(context, args) {
    const create = requestedGuests(args);
    const workspace = await findWorkspace(context, args.positionals[0] as string);
    const outcome = await executeIac(context, Subjects.iacPlan, { workspace: workspace.name, create });
    const generated = outcome.envelope.data as DataOf<typeof Subjects.iacGenerated>;
    return {
      ok: true,
      data: generated,
      lines: [
        `${generated.changed ? 'planned' : 'already planned'}: ${create.map((guest) => `${guest.name}${guest.count ? ` ×${guest.count}` : ''}`).join(', ')} ` +
          `in ${generated.workspace} at ${generated.revision.slice(0, 12)}`,
        `next: /test ${generated.workspace}, then /apply ${generated.workspace}`,
      ],
    };
  },
};
