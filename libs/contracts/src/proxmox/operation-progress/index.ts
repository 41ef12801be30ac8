import { z } from 'zod';
import { defineEvent } from '../../define';
import { NodeNameSchema, VmidSchema } from '../guest';
import { OperationNameSchema } from '../operation';

export const OperationProgressSchema = z.object({
  operation: OperationNameSchema,
  /** The guest, for a guest operation (downloads, volume deletions and task stops have none). */
  vmid: VmidSchema.optional(),
  node: NodeNameSchema.optional(),
  /** The step under way, e.g. `clone`, `configure`, `start`, `wait-for-ip`. */
  step: z.string(),
  /** 1-based position of the step, and how many there are. */
  stepIndex: z.number().int().positive(),
  stepCount: z.number().int().positive(),
  upid: z.string().optional(),
  /** The latest line of the Proxmox task log, or what the agent is doing. */
  message: z.string(),
  elapsedMs: z.number().int().nonnegative(),
});
export type OperationProgress = z.infer<typeof OperationProgressSchema>;

export const OperationProgressContract = defineEvent({
  subject: 'evt.proxmox.operation.progress',
  type: 'proxmox.operation.progress',
  data: OperationProgressSchema,
});
