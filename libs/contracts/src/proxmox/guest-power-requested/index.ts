import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { PowerActionSchema } from '../guest';
import { GuestLocatorShape } from '../operation';

export const GuestPowerRequestedSchema = z
  .object({ ...GuestLocatorShape, action: PowerActionSchema })
  .strict();
export type GuestPowerRequested = z.infer<typeof GuestPowerRequestedSchema>;

export const GuestPowerRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.power',
  type: 'proxmox.guest.power.requested',
  data: GuestPowerRequestedSchema,
});
