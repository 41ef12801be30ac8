import { z } from 'zod';
import { defineQuery } from '../../define';
import { VolumeIdSchema } from '../formats';
import { NodeNameSchema } from '../guest';

export const VolumeGetQuery = defineQuery({
  subject: 'qry.proxmox.volume.get',
  type: 'proxmox.volume.get',
  request: z.object({ node: NodeNameSchema, volume: VolumeIdSchema }).strict(),
  response: z.object({
    target: z.string(),
    node: NodeNameSchema,
    volume: VolumeIdSchema,
    path: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    usedBytes: z.number().int().nonnegative(),
    /** raw, qcow2, iso, vma.zst, … */
    format: z.string(),
    /** Backups: their notes and whether they are protected from deletion and pruning. */
    notes: z.string().optional(),
    protected: z.boolean().optional(),
  }),
});
