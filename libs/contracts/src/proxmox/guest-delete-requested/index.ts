import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { GuestLocatorShape, OPERATION_OUTCOMES } from '../operation/operation';

export const GuestDeleteRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    /** Also remove it from backup jobs, replication and HA. */
    purge: z.boolean().optional(),
    destroyUnreferencedDisks: z.boolean().optional(),
  })
  .strict();
export type GuestDeleteRequested = z.infer<typeof GuestDeleteRequestedSchema>;

export const GuestDeleteRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestDelete,
  type: 'proxmox.guest.delete.requested',
  data: GuestDeleteRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
