import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';

/**
 * One write of a target's inventory that created, updated or deleted guests (a batch of
 * a pass, the refresh of a guest), announced after the events naming its guests, which
 * commit with it: for whoever needs to know that the inventory changed, not how (a cache).
 */
export const InventoryChangedContract = defineEvent({
  subject: 'evt.proxmox.inventory.changed',
  type: 'proxmox.inventory.changed',
  data: z.object({
    target: TargetNameSchema,
    created: z.number().int().nonnegative(),
    updated: z.number().int().nonnegative(),
    deleted: z.number().int().nonnegative(),
  }),
});
