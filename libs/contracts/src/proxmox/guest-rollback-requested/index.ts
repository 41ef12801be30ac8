import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { SnapshotNameSchema } from '../formats';
import { GuestLocatorShape, OPERATION_OUTCOMES } from '../operation/operation';

export const GuestRollbackRequestedSchema = z
  .object({ ...GuestLocatorShape, snapshot: SnapshotNameSchema, start: z.boolean().optional() })
  .strict();
export type GuestRollbackRequested = z.infer<typeof GuestRollbackRequestedSchema>;

export const GuestRollbackRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestRollback,
  type: 'proxmox.guest.rollback.requested',
  data: GuestRollbackRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
