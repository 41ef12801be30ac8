import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';

export const InventoryGuestDeletedContract = defineEvent({
  subject: 'evt.proxmox.inventory.guest.deleted',
  type: 'proxmox.inventory.guest.deleted',
  data: z.object({
    target: TargetNameSchema,
    vmid: VmidSchema,
    node: NodeNameSchema,
    type: GuestTypeSchema,
    name: z.string(),
  }),
});
