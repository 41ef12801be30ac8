import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { StorageIdSchema } from '../formats';
import { GuestLocatorShape, OPERATION_OUTCOMES } from '../operation/operation';

export const GuestBackupRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    storage: StorageIdSchema.optional(),
    mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
    compress: z.enum(['zstd', 'lzo', 'gzip', '0']).optional(),
  })
  .strict();
export type GuestBackupRequested = z.infer<typeof GuestBackupRequestedSchema>;

export const GuestBackupRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestBackup,
  type: 'proxmox.guest.backup.requested',
  data: GuestBackupRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
