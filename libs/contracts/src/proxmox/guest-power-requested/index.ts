import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { PowerActionSchema } from '../guest';
import { GuestLocatorShape, OPERATION_OUTCOMES } from '../operation/operation';

export const GuestPowerRequestedSchema = z
  .object({ ...GuestLocatorShape, action: PowerActionSchema })
  .strict();
export type GuestPowerRequested = z.infer<typeof GuestPowerRequestedSchema>;

export const GuestPowerRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestPower,
  type: 'proxmox.guest.power.requested',
  data: GuestPowerRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
