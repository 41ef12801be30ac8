import { z } from 'zod';
import { DescriptionSchema } from '../formats';
import { defineOperationCommand } from '../operation-command';
import { GuestLocatorShape } from '../operation';

export const GuestHaRequestedSchema = z.discriminatedUnion('action', [
  z
    .object({
      ...GuestLocatorShape,
      action: z.literal('add'),
      /** What HA keeps the guest in (default started). */
      state: z.enum(['started', 'stopped', 'disabled', 'ignored']).optional(),
      /** Restarts on the same node before HA relocates it, and relocations before it gives up. */
      maxRestart: z.number().int().min(0).max(10).optional(),
      maxRelocate: z.number().int().min(0).max(10).optional(),
      comment: DescriptionSchema.optional(),
    })
    .strict(),
  z.object({ ...GuestLocatorShape, action: z.literal('remove') }).strict(),
]);
export type GuestHaRequested = z.infer<typeof GuestHaRequestedSchema>;

export const GuestHaRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.ha',
  type: 'proxmox.guest.ha.requested',
  data: GuestHaRequestedSchema,
});
