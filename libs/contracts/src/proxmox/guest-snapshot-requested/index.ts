import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { DescriptionSchema, SnapshotNameSchema } from '../formats';
import { GuestLocatorShape } from '../operation';

export const GuestSnapshotRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    action: z.enum(['create', 'delete']),
    name: SnapshotNameSchema,
    description: DescriptionSchema.optional(),
    /** VMs only: include the RAM state. */
    includeRam: z.boolean().optional(),
  })
  .strict();
export type GuestSnapshotRequested = z.infer<typeof GuestSnapshotRequestedSchema>;

export const GuestSnapshotRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.snapshot',
  type: 'proxmox.guest.snapshot.requested',
  data: GuestSnapshotRequestedSchema,
});
