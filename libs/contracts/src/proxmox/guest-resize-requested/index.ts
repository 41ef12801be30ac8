import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { DiskKeySchema, DiskSizeSchema } from '../formats';
import { GuestLocatorShape } from '../operation';

export const GuestResizeRequestedSchema = z
  .object({ ...GuestLocatorShape, disk: DiskKeySchema, size: DiskSizeSchema })
  .strict();
export type GuestResizeRequested = z.infer<typeof GuestResizeRequestedSchema>;

export const GuestResizeRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.resize',
  type: 'proxmox.guest.resize.requested',
  data: GuestResizeRequestedSchema,
});
