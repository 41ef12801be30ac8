import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { StorageIdSchema } from '../formats';
import { GuestLocatorShape } from '../operation';

export const GuestBackupRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    storage: StorageIdSchema.optional(),
    mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
    compress: z.enum(['zstd', 'lzo', 'gzip', '0']).optional(),
  })
  .strict();
export type GuestBackupRequested = z.infer<typeof GuestBackupRequestedSchema>;

export const GuestBackupRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.backup',
  type: 'proxmox.guest.backup.requested',
  data: GuestBackupRequestedSchema,
});
