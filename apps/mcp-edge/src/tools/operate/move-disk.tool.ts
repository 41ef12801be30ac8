import { DiskKeySchema, operationResultOf, StorageIdSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const moveDiskTool = operateTool({
  name: 'move_disk',
  title: 'Move a disk to another storage',
  description:
    'Copy a VM disk (scsi0, …) or a container volume (rootfs, mp0) to another storage of its node. The source stays ' +
    'as an unused disk unless deleteSource (which needs approval by default). Containers must be stopped.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      disk: DiskKeySchema.describe('The disk, e.g. scsi0 or rootfs'),
      storage: StorageIdSchema.describe('The storage to move it to'),
      deleteSource: z.boolean().default(false).describe('Delete the source after the copy'),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('move-disk'),
  async prepare({ target, guest, disk, storage, deleteSource }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, `move ${disk} to ${storage}${deleteSource ? ', deleting the source,' : ''} of`, {
      subject: Subjects.proxmoxGuestDiskMove,
      data: { ...locator(found), disk, storage, deleteSource },
      approvalAction: deleteSource ? 'disk.move.delete' : 'disk.move',
    });
  },
});
