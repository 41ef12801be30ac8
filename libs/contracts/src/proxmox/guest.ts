import { z } from 'zod';

/** PVE's `pve-vmid` format: an integer from 100 to 999999999. */
export const VmidSchema = z.number().int().min(100).max(999_999_999);

/** PVE's `pve-node` format: a host name label. */
export const NodeNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, 'expected a Proxmox node name such as "pve1"');

export const GuestTypeSchema = z.enum(['qemu', 'lxc']);
export type GuestType = z.infer<typeof GuestTypeSchema>;

export const GuestStatusSchema = z.enum(['running', 'stopped', 'paused', 'suspended', 'unknown']);
export type GuestStatus = z.infer<typeof GuestStatusSchema>;

/** `suspend` pauses a VM in memory and `resume` continues it; containers have the other four. */
export const PowerActionSchema = z.enum(['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume']);
export type PowerAction = z.infer<typeof PowerActionSchema>;

/** One VM or container as the platform reports it, whatever the Proxmox release. */
export const GuestSchema = z.object({
  vmid: VmidSchema,
  name: z.string(),
  node: NodeNameSchema,
  type: GuestTypeSchema,
  status: GuestStatusSchema,
  template: z.boolean(),
  cpus: z.number().nonnegative(),
  memoryBytes: z.number().int().nonnegative(),
  diskBytes: z.number().int().nonnegative(),
  uptimeSeconds: z.number().int().nonnegative(),
  tags: z.array(z.string()),
  lock: z.string().optional(),
  pool: z.string().optional(),
});
export type Guest = z.infer<typeof GuestSchema>;
