import { z } from 'zod';
import { defineQuery } from '../../define';
import { FreshnessShape, MaxAgeShape } from '../freshness';
import { NodeNameSchema } from '../guest';

export const NodeSummarySchema = z.object({
  node: NodeNameSchema,
  status: z.enum(['online', 'offline', 'unknown']),
  cpus: z.number().nonnegative(),
  cpuUsage: z.number().nonnegative(),
  memoryBytes: z.number().int().nonnegative(),
  memoryUsedBytes: z.number().int().nonnegative(),
  uptimeSeconds: z.number().int().nonnegative(),
  guests: z.number().int().nonnegative(),
});
export type NodeSummary = z.infer<typeof NodeSummarySchema>;

export const NodesListQuery = defineQuery({
  subject: 'qry.proxmox.nodes.list',
  type: 'proxmox.nodes.list',
  request: z.object({ ...MaxAgeShape }).strict(),
  response: z.object({ target: z.string(), nodes: z.array(NodeSummarySchema), ...FreshnessShape }),
});
