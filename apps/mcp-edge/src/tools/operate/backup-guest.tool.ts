import { operationResultOf, StorageIdSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const backupGuestTool = operateTool({
  name: 'backup_guest',
  title: 'Back up a guest',
  description:
    'Back up a VM or container with vzdump to a storage (default local); the result names the backup volume.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      storage: StorageIdSchema.optional(),
      mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
      compress: z.enum(['zstd', 'lzo', 'gzip', '0']).optional(),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('backup'),
  async prepare({ target, guest, ...options }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, `back up${options.storage ? ` to ${options.storage}` : ''}`, {
      subject: Subjects.proxmoxGuestBackup,
      data: { ...locator(found), ...options },
    });
  },
});
