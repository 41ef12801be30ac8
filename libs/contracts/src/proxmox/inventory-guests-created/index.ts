import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { InventoryGuestSchema } from '../inventory-guest';
import { FoundByPassSchema } from '../sync-mode';

/**
 * Guests one write of a target's inventory added, with their configs. A write announces
 * its guests in as few events as fit NATS's message size (hundreds each), not one event
 * per guest: a first sync of 10,000 guests is a few dozen events for every consumer.
 */
export const InventoryGuestsCreatedContract = defineEvent({
  subject: 'evt.proxmox.inventory.guests.created',
  type: 'proxmox.inventory.guests.created',
  data: z.object({
    target: TargetNameSchema,
    guests: z.array(InventoryGuestSchema).min(1),
    pass: FoundByPassSchema,
  }),
});
