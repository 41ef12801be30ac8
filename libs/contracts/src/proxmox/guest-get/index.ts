import { z } from 'zod';
import { defineQuery } from '../../define';
import { GuestSchema, GuestStatusSchema, VmidSchema } from '../guest';

export const GuestDetailSchema = z.object({
  target: z.string(),
  guest: GuestSchema,
  /** The guest's Proxmox config, read just now. */
  config: z.record(z.string(), z.string()),
  digest: z.string(),
  live: z.object({
    status: GuestStatusSchema,
    uptimeSeconds: z.number().int().nonnegative(),
    cpuUsage: z.number().nonnegative(),
    memoryUsedBytes: z.number().int().nonnegative(),
    lock: z.string().optional(),
    /** Addresses from the guest agent, when it runs. */
    ipAddresses: z.array(z.string()),
  }),
  readAt: z.iso.datetime({ offset: true }),
});
export type GuestDetail = z.infer<typeof GuestDetailSchema>;

export const GuestGetQuery = defineQuery({
  subject: 'qry.proxmox.guest.get',
  type: 'proxmox.guest.get',
  request: z.object({ vmid: VmidSchema }).strict(),
  response: GuestDetailSchema,
});
