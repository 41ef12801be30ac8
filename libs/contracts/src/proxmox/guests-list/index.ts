import { z } from 'zod';
import { defineQuery } from '../../define';
import { FreshnessShape, MaxAgeShape } from '../freshness';
import { TagSchema } from '../formats';
import { GuestSchema, GuestTypeSchema, NodeNameSchema } from '../guest';
import { GuestSelectorSchema } from '../guest-selector';

export const GuestsListRequestSchema = z
  .object({
    node: NodeNameSchema.optional(),
    type: GuestTypeSchema.optional(),
    status: z.enum(['running', 'stopped', 'unknown']).optional(),
    selector: GuestSelectorSchema.optional(),
    tag: TagSchema.optional(),
    ...MaxAgeShape,
  })
  .strict();
export type GuestsListRequest = z.infer<typeof GuestsListRequestSchema>;

export const GuestsListResponseSchema = z.object({
  target: z.string(),
  guests: z.array(GuestSchema),
  ...FreshnessShape,
});
export type GuestsListResponse = z.infer<typeof GuestsListResponseSchema>;

export const GuestsListQuery = defineQuery({
  subject: 'qry.proxmox.guests.list',
  type: 'proxmox.guests.list',
  request: GuestsListRequestSchema,
  response: GuestsListResponseSchema,
});
