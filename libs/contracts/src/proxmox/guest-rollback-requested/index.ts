import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { SnapshotNameSchema } from '../formats';
import { GuestLocatorShape } from '../operation';

export const GuestRollbackRequestedSchema = z
  .object({ ...GuestLocatorShape, snapshot: SnapshotNameSchema, start: z.boolean().optional() })
  .strict();
export type GuestRollbackRequested = z.infer<typeof GuestRollbackRequestedSchema>;

export const GuestRollbackRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.rollback',
  type: 'proxmox.guest.rollback.requested',
  data: GuestRollbackRequestedSchema,
});
