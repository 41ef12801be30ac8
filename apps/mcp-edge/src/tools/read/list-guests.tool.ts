import {
  GuestSchema,
  GuestSelectorSchema,
  GuestTypeSchema,
  NodeNameSchema,
  TagSchema,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { describeGuest } from '../guest-resolver';
import { readTool } from '../tool-definition';
import { TargetInput } from '../tool-inputs';
import { withTarget } from './query-target';

const SUMMARY_LIMIT = 50;

export const listGuestsTool = readTool({
  name: 'list_guests',
  title: 'List guests',
  description:
    'The VMs (qemu) and containers (lxc) of the cluster, filtered by node, type, status, tag or a selector ' +
    '(VMID, name or node/name with * and ? wildcards, e.g. "web-*" or "pve1/*"). Answers from the synced ' +
    'inventory and says how old it is.',
  input: z
    .object({
      target: TargetInput,
      node: NodeNameSchema.optional(),
      type: GuestTypeSchema.optional(),
      status: z.enum(['running', 'stopped', 'unknown']).optional(),
      selector: GuestSelectorSchema.optional(),
      tag: TagSchema.optional(),
      maxAgeSeconds: z
        .number()
        .int()
        .min(0)
        .max(3600)
        .optional()
        .describe('Accept data at most this old (default 60)'),
    })
    .strict(),
  output: z.object({
    target: z.string(),
    count: z.number().int(),
    guests: z.array(GuestSchema),
    source: z.enum(['inventory', 'live']),
    ageMs: z.number(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, maxAgeSeconds, ...filters }, { inventory, origin, access }) {
    const reply = await inventory.listGuests(
      { ...filters, ...(maxAgeSeconds === undefined ? {} : { maxAgeMs: maxAgeSeconds * 1000 }) },
      withTarget(origin, target),
    );
    const guests = reply.guests.filter((guest) => access.allowsGuest(guest));
    const running = guests.filter((guest) => guest.status === 'running').length;
    const lines = guests.slice(0, SUMMARY_LIMIT).map((guest) => `${describeGuest(guest)}: ${guest.status}`);
    const more = guests.length > SUMMARY_LIMIT ? [`… and ${guests.length - SUMMARY_LIMIT} more`] : [];
    return {
      structured: {
        target: reply.target,
        count: guests.length,
        guests,
        source: reply.source,
        ageMs: reply.ageMs,
      },
      summary: [
        `${guests.length} guests on ${reply.target}, ${running} running (data ${Math.round(reply.ageMs / 1000)} s old):`,
        ...lines,
        ...more,
      ].join('\n'),
    };
  },
});
