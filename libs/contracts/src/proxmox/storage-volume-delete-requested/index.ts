import { z } from 'zod';
import { VolumeIdSchema } from '../formats';
import { NodeNameSchema } from '../guest';
import { defineOperationCommand } from '../operation-command';

export const StorageVolumeDeleteRequestedSchema = z
  .object({
    /** The node that sees the volume (any node, for a shared storage). */
    node: NodeNameSchema,
    /** A backup, ISO image, template or unused disk; a disk a guest still uses is refused. */
    volume: VolumeIdSchema,
  })
  .strict();
export type StorageVolumeDeleteRequested = z.infer<typeof StorageVolumeDeleteRequestedSchema>;

export const StorageVolumeDeleteRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.storage.volume.delete',
  type: 'proxmox.storage.volume.delete.requested',
  data: StorageVolumeDeleteRequestedSchema,
});
