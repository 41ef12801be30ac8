import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { DescriptionSchema, SnapshotNameSchema } from '../formats';
import { GuestLocatorShape, OPERATION_OUTCOMES } from '../operation/operation';

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

export const GuestSnapshotRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestSnapshot,
  type: 'proxmox.guest.snapshot.requested',
  data: GuestSnapshotRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
