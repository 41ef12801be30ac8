import { z } from 'zod';
import { defineQuery } from '../../define';
import { NodeNameSchema, VmidSchema } from '../guest';

export const TaskSummarySchema = z.object({
  upid: z.string(),
  node: z.string(),
  type: z.string(),
  id: z.string(),
  user: z.string(),
  status: z.enum(['running', 'stopped']),
  /** `OK`, `WARNINGS: n`, or Proxmox's error text. */
  exitStatus: z.string().optional(),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).optional(),
});
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

export const TasksListQuery = defineQuery({
  subject: 'qry.proxmox.tasks.list',
  type: 'proxmox.tasks.list',
  request: z
    .object({
      node: NodeNameSchema.optional(),
      vmid: VmidSchema.optional(),
      errorsOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
  response: z.object({ target: z.string(), tasks: z.array(TaskSummarySchema) }),
});
