import { DiskKeySchema, DiskSizeSchema, operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const resizeDiskTool = operateTool({
  name: 'resize_disk',
  title: 'Grow a disk',
  description:
    'Grow a VM disk (scsi0, virtio0, …) or a container volume (rootfs, mp0): "+10G" adds, "40G" sets. Disks never shrink.',
  input: z
    .object({ target: TargetInput, guest: GuestInput, disk: DiskKeySchema, size: DiskSizeSchema })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('resize'),
  async prepare({ target, guest, disk, size }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, `resize ${disk} to ${size} of`, {
      subject: Subjects.proxmoxGuestResize,
      data: { ...locator(found), disk, size },
      approvalAction: 'resize',
    });
  },
});
