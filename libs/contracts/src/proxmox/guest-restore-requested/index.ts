import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { StorageIdSchema, VolumeIdSchema } from '../formats';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';
import { OPERATION_OUTCOMES } from '../operation/operation';

export const GuestRestoreRequestedSchema = z
  .object({
    vmid: VmidSchema,
    node: NodeNameSchema,
    type: GuestTypeSchema,
    archive: VolumeIdSchema,
    storage: StorageIdSchema.optional(),
    /** Restore over an existing guest, replacing it. */
    force: z.boolean().optional(),
    start: z.boolean().optional(),
  })
  .strict();
export type GuestRestoreRequested = z.infer<typeof GuestRestoreRequestedSchema>;

export const GuestRestoreRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestRestore,
  type: 'proxmox.guest.restore.requested',
  data: GuestRestoreRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
