import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';
import { FoundByPassSchema } from '../sync-mode';

/** Guests one write of a target's inventory removed (see guests.created). */
export const InventoryGuestsDeletedContract = defineEvent({
  subject: 'evt.proxmox.inventory.guests.deleted',
  type: 'proxmox.inventory.guests.deleted',
  data: z.object({
    target: TargetNameSchema,
    guests: z
      .array(z.object({ vmid: VmidSchema, node: NodeNameSchema, type: GuestTypeSchema, name: z.string() }))
      .min(1),
    pass: FoundByPassSchema,
  }),
});
