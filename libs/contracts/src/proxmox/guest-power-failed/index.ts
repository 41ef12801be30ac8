import { z } from 'zod';
import { defineEvent } from '../../define';
import { ErrorCodeSchema } from '../../errors';
import { Subjects } from '../../subjects';
import { GuestTypeSchema, NodeNameSchema, PowerActionSchema, VmidSchema } from '../guest';

export const GuestPowerFailedSchema = z.object({
  vmid: VmidSchema,
  action: PowerActionSchema,
  node: NodeNameSchema.optional(),
  type: GuestTypeSchema.optional(),
  upid: z.string().optional(),
  code: ErrorCodeSchema,
  /** Proxmox's own error text where there is one (task exit status or API message). */
  message: z.string(),
});
export type GuestPowerFailed = z.infer<typeof GuestPowerFailedSchema>;

export const GuestPowerFailedContract = defineEvent({
  subject: Subjects.proxmoxGuestPowerFailed,
  type: 'proxmox.guest.power.failed',
  data: GuestPowerFailedSchema,
});
