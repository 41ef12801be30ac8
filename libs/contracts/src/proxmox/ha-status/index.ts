import { z } from 'zod';
import { defineQuery } from '../../define';
import { NodeNameSchema, VmidSchema } from '../guest';

/** A guest the HA stack manages, with where and how it runs now. */
export const HaResourceStatusSchema = z.object({
  /** `vm:100`, `ct:200`. */
  sid: z.string(),
  vmid: VmidSchema,
  type: z.enum(['vm', 'ct']),
  /** What HA was asked to keep it in: started, stopped, disabled, ignored. */
  requestState: z.string(),
  /** What HA reports: started, starting, stopping, stopped, error, fence, … */
  state: z.string(),
  node: z.string(),
  maxRestart: z.number().int().optional(),
  maxRelocate: z.number().int().optional(),
  comment: z.string().optional(),
});

export const HaStatusQuery = defineQuery({
  subject: 'qry.proxmox.ha.status',
  type: 'proxmox.ha.status',
  request: z.object({}).strict(),
  response: z.object({
    target: z.string(),
    quorate: z.boolean(),
    /** The node running the cluster resource manager, and its status line; absent while none is elected. */
    manager: z.object({ node: NodeNameSchema, status: z.string() }).optional(),
    /** Each node's local resource manager, with its status line. */
    nodes: z.array(z.object({ node: NodeNameSchema, status: z.string() })),
    resources: z.array(HaResourceStatusSchema),
  }),
});
