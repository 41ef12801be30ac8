import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { InventoryGuestSchema } from '../inventory-guest';

export const InventoryGuestCreatedContract = defineEvent({
  subject: 'evt.proxmox.inventory.guest.created',
  type: 'proxmox.inventory.guest.created',
  data: z.object({ target: TargetNameSchema, guest: InventoryGuestSchema }),
});
