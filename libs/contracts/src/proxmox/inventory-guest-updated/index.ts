import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { FieldChangeSchema, InventoryGuestSchema } from '../inventory-guest';

export const InventoryGuestUpdatedContract = defineEvent({
  subject: 'evt.proxmox.inventory.guest.updated',
  type: 'proxmox.inventory.guest.updated',
  data: z.object({
    target: TargetNameSchema,
    guest: InventoryGuestSchema,
    changes: z.array(FieldChangeSchema).min(1),
  }),
});
