import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { StorageIdSchema, VolumeIdSchema } from '../formats';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';

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

export const GuestRestoreRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.restore',
  type: 'proxmox.guest.restore.requested',
  data: GuestRestoreRequestedSchema,
});
