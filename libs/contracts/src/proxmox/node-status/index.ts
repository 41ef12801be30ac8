import { z } from 'zod';
import { defineQuery } from '../../define';
import { NodeNameSchema } from '../guest';

/** A node's host as it reports itself now. */
export const NodeStatusSchema = z.object({
  node: NodeNameSchema,
  /** CPU utilization, 0..1. */
  cpuUsage: z.number().nonnegative(),
  /** Share of time waiting for I/O, 0..1. */
  ioWait: z.number().nonnegative(),
  /** 1, 5 and 15 minute load averages. */
  loadAverage: z.array(z.number().nonnegative()),
  uptimeSeconds: z.number().int().nonnegative(),
  cpuModel: z.string(),
  /** Sockets, physical cores and logical CPUs. */
  sockets: z.number().int().nonnegative(),
  cores: z.number().int().nonnegative(),
  cpus: z.number().int().nonnegative(),
  memoryTotalBytes: z.number().int().nonnegative(),
  memoryUsedBytes: z.number().int().nonnegative(),
  swapTotalBytes: z.number().int().nonnegative(),
  swapUsedBytes: z.number().int().nonnegative(),
  rootTotalBytes: z.number().int().nonnegative(),
  rootUsedBytes: z.number().int().nonnegative(),
  /** The running kernel's release, e.g. `6.14.11-4-pve`. */
  kernel: z.string(),
  /** `pve-manager/<version>/<build>`. */
  pveVersion: z.string(),
  /** `efi` or `legacy-bios`, when the node says. */
  bootMode: z.string().optional(),
});
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

export const NodeStatusQuery = defineQuery({
  subject: 'qry.proxmox.node.status',
  type: 'proxmox.node.status',
  request: z.object({ node: NodeNameSchema }).strict(),
  response: z.object({ target: z.string(), status: NodeStatusSchema }),
});
