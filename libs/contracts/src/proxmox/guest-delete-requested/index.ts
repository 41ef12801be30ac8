import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { GuestLocatorShape } from '../operation';

export const GuestDeleteRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    /** Also remove it from backup jobs, replication and HA. */
    purge: z.boolean().optional(),
    destroyUnreferencedDisks: z.boolean().optional(),
  })
  .strict();
export type GuestDeleteRequested = z.infer<typeof GuestDeleteRequestedSchema>;

export const GuestDeleteRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.delete',
  type: 'proxmox.guest.delete.requested',
  data: GuestDeleteRequestedSchema,
});
