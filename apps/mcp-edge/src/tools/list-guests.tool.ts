import { GuestSchema, GuestsListRequestSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { defineTool } from './tool-definition';

const SUMMARY_LIMIT = 50;

export const listGuestsTool = defineTool({
  name: 'list_guests',
  title: 'List guests',
  description:
    'List the VMs (qemu) and containers (lxc) of the Proxmox VE cluster, optionally filtered by node, type or status.',
  input: GuestsListRequestSchema,
  output: z.object({
    target: z.string(),
    fetchedAt: z.string(),
    count: z.number().int(),
    guests: z.array(GuestSchema),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, { bus, origin }) {
    const result = await bus.query(Subjects.proxmoxGuestsList, args, origin);
    const running = result.guests.filter((guest) => guest.status === 'running').length;
    const lines = result.guests
      .slice(0, SUMMARY_LIMIT)
      .map((guest) => `${guest.vmid} ${guest.name} (${guest.type}, ${guest.status}, ${guest.node})`);
    const more =
      result.guests.length > SUMMARY_LIMIT ? [`… and ${result.guests.length - SUMMARY_LIMIT} more`] : [];
    return {
      structured: { ...result, count: result.guests.length },
      summary: [
        `${result.guests.length} guests on ${result.target}, ${running} running:`,
        ...lines,
        ...more,
      ].join('\n'),
    };
  },
});
