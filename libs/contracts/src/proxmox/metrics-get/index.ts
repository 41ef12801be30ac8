import { z } from 'zod';
import { defineQuery } from '../../define';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';

export const MetricsTimeframeSchema = z.enum(['hour', 'day', 'week', 'month', 'year']);

/** One point of a series; a value is absent while Proxmox has none (before a boot, a gap). */
export const MetricsPointSchema = z.object({
  time: z.iso.datetime({ offset: true }),
  /** CPU utilization, 0..1 of the node's or guest's CPUs. */
  cpu: z.number().optional(),
  memoryUsedBytes: z.number().optional(),
  memoryTotalBytes: z.number().optional(),
  /** Network traffic, bytes per second. */
  netInBytesPerSecond: z.number().optional(),
  netOutBytesPerSecond: z.number().optional(),
  /** Guests: disk throughput, bytes per second. */
  diskReadBytesPerSecond: z.number().optional(),
  diskWriteBytesPerSecond: z.number().optional(),
  /** Nodes: the 1-minute load average and the root file system. */
  loadAverage: z.number().optional(),
  rootUsedBytes: z.number().optional(),
});
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

export const MetricsGetRequestSchema = z
  .object({
    node: NodeNameSchema,
    /** A guest of that node; without it, the node's own metrics. */
    vmid: VmidSchema.optional(),
    type: GuestTypeSchema.optional(),
    timeframe: MetricsTimeframeSchema,
    /** `average` (default) or the `max` within each point. */
    consolidation: z.enum(['average', 'max']).optional(),
    /** The most points to answer; longer series are merged into this many (default 60). */
    maxPoints: z.number().int().min(10).max(500).optional(),
  })
  .strict();
export type MetricsGetRequest = z.infer<typeof MetricsGetRequestSchema>;

export const MetricsGetQuery = defineQuery({
  subject: 'qry.proxmox.metrics.get',
  type: 'proxmox.metrics.get',
  request: MetricsGetRequestSchema,
  response: z.object({
    target: z.string(),
    node: NodeNameSchema,
    vmid: VmidSchema.optional(),
    timeframe: MetricsTimeframeSchema,
    consolidation: z.enum(['average', 'max']),
    /** Seconds each answered point covers. */
    resolutionSeconds: z.number().int().positive(),
    points: z.array(MetricsPointSchema),
  }),
});
