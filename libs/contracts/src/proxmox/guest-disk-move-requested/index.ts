import { z } from 'zod';
import { DiskKeySchema, StorageIdSchema } from '../formats';
import { defineOperationCommand } from '../operation-command';
import { GuestLocatorShape } from '../operation';

export const GuestDiskMoveRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    /** A VM disk (`scsi0`, …) or a container volume (`rootfs`, `mp0`). */
    disk: DiskKeySchema,
    /** The storage to move it to. */
    storage: StorageIdSchema,
    /** Delete the source after the copy; otherwise it is kept as an unused disk. */
    deleteSource: z.boolean(),
  })
  .strict();
export type GuestDiskMoveRequested = z.infer<typeof GuestDiskMoveRequestedSchema>;

export const GuestDiskMoveRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.disk.move',
  type: 'proxmox.guest.disk.move.requested',
  data: GuestDiskMoveRequestedSchema,
});
