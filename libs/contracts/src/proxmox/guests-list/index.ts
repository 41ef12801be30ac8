import { z } from 'zod';
import { defineQuery } from '../../define';
import { FreshnessShape, MaxAgeShape } from '../freshness';
import { TagSchema } from '../formats';
import { GuestSchema, GuestStatusSchema, GuestTypeSchema, NodeNameSchema } from '../guest';
import { GuestSelectorSchema } from '../guest-selector';

/** The most guests one page may hold: about 250 KiB of JSON. */
export const GUESTS_PAGE_MAX = 1_000;

export const GuestsListRequestSchema = z
  .object({
    node: NodeNameSchema.optional(),
    type: GuestTypeSchema.optional(),
    status: z.enum(['running', 'stopped', 'unknown']).optional(),
    selector: GuestSelectorSchema.optional(),
    tag: TagSchema.optional(),
    /**
     * One page of the matching guests, in VMID order, with how many match in all: a cluster of
     * thousands of guests does not fit in one NATS message (1 MiB by default).
     */
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(GUESTS_PAGE_MAX).optional(),
    ...MaxAgeShape,
  })
  .strict();
export type GuestsListRequest = z.infer<typeof GuestsListRequestSchema>;

export const GuestsListResponseSchema = z.object({
  target: z.string(),
  guests: z.array(GuestSchema),
  /** With `limit`: how many guests match the filters across all pages, and by status. */
  total: z.number().int().nonnegative().optional(),
  statusCounts: z.partialRecord(GuestStatusSchema, z.number().int().nonnegative()).optional(),
  ...FreshnessShape,
});
export type GuestsListResponse = z.infer<typeof GuestsListResponseSchema>;

export const GuestsListQuery = defineQuery({
  subject: 'qry.proxmox.guests.list',
  type: 'proxmox.guests.list',
  request: GuestsListRequestSchema,
  response: GuestsListResponseSchema,
});
