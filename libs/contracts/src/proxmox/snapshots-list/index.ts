import { z } from 'zod';
import { defineQuery } from '../../define';
import { VmidSchema } from '../guest';

export const SnapshotSummarySchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  parent: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  includesRam: z.boolean(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummarySchema>;

export const SnapshotsListQuery = defineQuery({
  subject: 'qry.proxmox.snapshots.list',
  type: 'proxmox.snapshots.list',
  request: z.object({ vmid: VmidSchema }).strict(),
  response: z.object({
    target: z.string(),
    vmid: VmidSchema,
    snapshots: z.array(SnapshotSummarySchema),
    /** The snapshot the current state descends from. */
    current: z.string().optional(),
  }),
});
