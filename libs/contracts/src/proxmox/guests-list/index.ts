import { z } from 'zod';
import { defineQuery } from '../../define';
import { Subjects } from '../../subjects';
import { GuestSchema, GuestTypeSchema, NodeNameSchema } from '../guest';

export const GuestsListRequestSchema = z
  .object({
    node: NodeNameSchema.optional(),
    type: GuestTypeSchema.optional(),
    status: z.enum(['running', 'stopped']).optional(),
  })
  .strict();
export type GuestsListRequest = z.infer<typeof GuestsListRequestSchema>;

export const GuestsListResponseSchema = z.object({
  target: z.string(),
  guests: z.array(GuestSchema),
  /** When the agent read this from Proxmox. */
  fetchedAt: z.iso.datetime({ offset: true }),
});
export type GuestsListResponse = z.infer<typeof GuestsListResponseSchema>;

export const GuestsListQuery = defineQuery({
  subject: Subjects.proxmoxGuestsList,
  type: 'proxmox.guests.list',
  request: GuestsListRequestSchema,
  response: GuestsListResponseSchema,
});
