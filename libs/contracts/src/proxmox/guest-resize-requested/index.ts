import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { DiskKeySchema, DiskSizeSchema } from '../formats';
import { GuestLocatorShape, OPERATION_OUTCOMES } from '../operation/operation';

export const GuestResizeRequestedSchema = z
  .object({ ...GuestLocatorShape, disk: DiskKeySchema, size: DiskSizeSchema })
  .strict();
export type GuestResizeRequested = z.infer<typeof GuestResizeRequestedSchema>;

export const GuestResizeRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestResize,
  type: 'proxmox.guest.resize.requested',
  data: GuestResizeRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
