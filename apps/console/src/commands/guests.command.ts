import { GuestSelectorSchema, Subjects, type Guest } from '@proxmox-mpc/contracts';
import { choiceFlag, numberFlag, stringFlag } from '../cli/arguments';
import { UsageError } from '../cli/errors';
import { bytes } from '../cli/format';
import { renderTable } from '../cli/table';
import { targetsToUse } from '../platform/lookups';
import type { CommandDefinition } from './command';

export const guestsCommand: CommandDefinition = {
  name: 'guests',
  summary: 'List VMs and containers, filtered by cluster, node, type, status, tag or name pattern.',
  flags: {
    target: { kind: 'string', value: 'cluster', description: 'only this cluster', complete: 'targets' },
    node: { kind: 'string', value: 'node', description: 'only guests on this node' },
    type: {
      kind: 'string',
      value: 'qemu|lxc',
      description: 'VMs (qemu) or containers (lxc)',
      complete: ['qemu', 'lxc'],
    },
    status: {
      kind: 'string',
      value: 'status',
      description: 'running, stopped or unknown',
      complete: ['running', 'stopped', 'unknown'],
    },
    tag: { kind: 'string', value: 'tag', description: 'only guests with this tag' },
    name: { kind: 'string', value: 'pattern', description: 'a name or selector: web-*, pve1/db-*, 100-199' },
    limit: { kind: 'string', value: 'n', description: 'at most this many rows (default: all)' },
  },
  examples: ['/guests --status running', '/guests --name "web-*" --type qemu', 'proxmox-mpc guests --json'],
  async run(context, args) {
    const bus = await context.platform.bus();
    const name = stringFlag(args, 'name');
    if (name !== undefined && !GuestSelectorSchema.safeParse(name).success) {
      throw new UsageError(`--name: expected a guest name or selector such as web-*, got "${name}"`);
    }
    const filters = {
      ...(stringFlag(args, 'node') ? { node: stringFlag(args, 'node') } : {}),
      ...(args.flags.type ? { type: choiceFlag(args, 'type', ['qemu', 'lxc'] as const) } : {}),
      ...(args.flags.status
        ? { status: choiceFlag(args, 'status', ['running', 'stopped', 'unknown'] as const) }
        : {}),
      ...(stringFlag(args, 'tag') ? { tag: stringFlag(args, 'tag') } : {}),
      ...(name ? { selector: name } : {}),
    };
    const limit = numberFlag(args, 'limit', { min: 1, max: 100_000 });
    const rows: Array<Guest & { target: string }> = [];
    for (const target of await targetsToUse(context, stringFlag(args, 'target'))) {
      const { guests } = await bus.query(Subjects.proxmoxGuestsList, filters, context.origin(target));
      rows.push(...guests.map((guest) => ({ ...guest, target })));
    }
    const shown = limit === undefined ? rows : rows.slice(0, limit);
    const { colours } = context.terminal;
    const status = (guest: Guest) =>
      guest.status === 'running'
        ? colours.green(guest.status)
        : guest.status === 'stopped'
          ? guest.status
          : colours.yellow(guest.status);
    return {
      ok: true,
      data: { guests: shown, total: rows.length },
      lines: [
        ...renderTable(
          [
            { header: 'VMID', align: 'right' },
            { header: 'NAME', shrink: true },
            { header: 'CLUSTER' },
            { header: 'NODE' },
            { header: 'TYPE' },
            { header: 'STATUS' },
            { header: 'CPUS', align: 'right' },
            { header: 'MEMORY', align: 'right' },
            { header: 'TAGS', shrink: true },
          ],
          shown.map((guest) => [
            String(guest.vmid),
            guest.template ? `${guest.name} (template)` : guest.name,
            guest.target,
            guest.node,
            guest.type,
            status(guest),
            String(guest.cpus),
            bytes(guest.memoryBytes),
            guest.tags.join(','),
          ]),
          context.terminal.width,
        ),
        `${rows.length} guests${shown.length < rows.length ? `, ${shown.length} shown (--limit)` : ''}`,
      ],
    };
  },
};
