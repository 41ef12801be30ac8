import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { FieldChangeSchema, InventoryGuestSchema } from '../inventory-guest';
import { FoundByPassSchema } from '../sync-mode';

/** Guests one write of a target's inventory changed: each as it is now and what changed (see guests.created). */
export const InventoryGuestsUpdatedContract = defineEvent({
  subject: 'evt.proxmox.inventory.guests.updated',
  type: 'proxmox.inventory.guests.updated',
  data: z.object({
    target: TargetNameSchema,
    guests: z
      .array(z.object({ guest: InventoryGuestSchema, changes: z.array(FieldChangeSchema).min(1) }))
      .min(1),
    pass: FoundByPassSchema,
  }),
});
