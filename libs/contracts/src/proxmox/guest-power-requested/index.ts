import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { GuestTypeSchema, NodeNameSchema, PowerActionSchema, VmidSchema } from '../guest';

export const GuestPowerRequestedSchema = z.object({
  vmid: VmidSchema,
  action: PowerActionSchema,
  /** Optional: the agent finds the guest's node and type when they are not given. */
  node: NodeNameSchema.optional(),
  type: GuestTypeSchema.optional(),
});
export type GuestPowerRequested = z.infer<typeof GuestPowerRequestedSchema>;

export const GuestPowerRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestPower,
  type: 'proxmox.guest.power.requested',
  data: GuestPowerRequestedSchema,
  outcomes: [Subjects.proxmoxGuestPowerCompleted, Subjects.proxmoxGuestPowerFailed],
});
