import { Subjects } from '@proxmox-mpc/contracts';
import { stringFlag } from '../cli/arguments';
import { bytes, clockTime, duration } from '../cli/format';
import { renderTable } from '../cli/table';
import { findGuest } from '../platform/lookups';
import type { CommandDefinition } from './command';

// Enough tasks to see what happened to a guest lately, short enough to read.
const RECENT_TASKS = 10;

export const guestCommand: CommandDefinition = {
  name: 'guest',
  summary: 'One guest in detail: status read live, its config, IP addresses and recent Proxmox tasks.',
  arguments: [{ name: 'guest', description: 'its name or VMID', required: true, complete: 'guests' }],
  flags: {
    target: {
      kind: 'string',
      value: 'cluster',
      description: 'the cluster, when a name is on several',
      complete: 'targets',
    },
  },
  examples: ['/guest web-01', '/guest 100 --target homelab --json'],
  notes: ['A name that matches no guest is answered with the nearest names; exit code 1.'],
  async run(context, args) {
    const { target, guest } = await findGuest(
      context,
      args.positionals[0] as string,
      stringFlag(args, 'target'),
    );
    const bus = await context.platform.bus();
    const origin = context.origin(target);
    const [detail, tasks] = await Promise.all([
      bus.query(Subjects.proxmoxGuestGet, { vmid: guest.vmid }, origin),
      bus.query(Subjects.proxmoxTasksList, { vmid: guest.vmid, limit: RECENT_TASKS }, origin),
    ]);
    const { colours, width } = context.terminal;
    const live = detail.live;
    return {
      ok: true,
      data: { ...detail, tasks: tasks.tasks },
      lines: [
        `${colours.bold(`${guest.name}`)}  ${guest.type} ${guest.vmid} on ${guest.node} (${target})`,
        `status      ${live.status === 'running' ? colours.green(live.status) : live.status}` +
          (live.status === 'running' ? `, up ${duration(live.uptimeSeconds * 1_000)}` : '') +
          (live.lock ? `, locked (${live.lock})` : ''),
        `cpu         ${guest.cpus} × ${Math.round(live.cpuUsage * 100)} %`,
        `memory      ${bytes(live.memoryUsedBytes)} of ${bytes(guest.memoryBytes)}`,
        `disk        ${bytes(guest.diskBytes)}`,
        `addresses   ${live.ipAddresses.length ? live.ipAddresses.join(', ') : colours.dim('none reported (guest agent)')}`,
        `tags        ${guest.tags.join(', ') || colours.dim('none')}${guest.pool ? `; pool ${guest.pool}` : ''}`,
        '',
        colours.bold('config'),
        ...Object.entries(detail.config)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => `  ${key.padEnd(12)} ${value}`),
        '',
        colours.bold('recent tasks'),
        ...(tasks.tasks.length === 0
          ? ['  none']
          : renderTable(
              [
                { header: 'STARTED' },
                { header: 'TYPE' },
                { header: 'STATUS' },
                { header: 'BY' },
                { header: 'UPID', shrink: true },
              ],
              tasks.tasks.map((task) => [
                clockTime(task.startedAt),
                task.type,
                task.status === 'running'
                  ? colours.yellow('running')
                  : colours.verdict(task.exitStatus === 'OK', task.exitStatus ?? 'stopped'),
                task.user,
                task.upid,
              ]),
              width,
            ).map((line) => `  ${line}`)),
      ],
    };
  },
};
