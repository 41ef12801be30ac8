import { z } from 'zod';
import { defineEvent } from '../../define';
import { Subjects } from '../../subjects';
import { GuestStatusSchema, GuestTypeSchema, NodeNameSchema, PowerActionSchema, VmidSchema } from '../guest';

export const GuestPowerCompletedSchema = z.object({
  vmid: VmidSchema,
  node: NodeNameSchema,
  type: GuestTypeSchema,
  action: PowerActionSchema,
  upid: z.string(),
  /** The guest's status read back from Proxmox after the task ended. */
  status: GuestStatusSchema,
  durationMs: z.number().int().nonnegative(),
});
export type GuestPowerCompleted = z.infer<typeof GuestPowerCompletedSchema>;

export const GuestPowerCompletedContract = defineEvent({
  subject: Subjects.proxmoxGuestPowerCompleted,
  type: 'proxmox.guest.power.completed',
  data: GuestPowerCompletedSchema,
});
