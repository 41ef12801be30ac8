import { z } from 'zod';
import { defineEvent } from '../../define';
import { ErrorCodeSchema } from '../../errors';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';
import { OperationNameSchema } from '../operation';

export const OperationFailedSchema = z.object({
  operation: OperationNameSchema,
  vmid: VmidSchema.optional(),
  node: NodeNameSchema.optional(),
  type: GuestTypeSchema.optional(),
  code: ErrorCodeSchema,
  /** Proxmox's own text where there is one (the task's exit status or the API's reason). */
  message: z.string(),
  /** Tasks that ran before the failure, so a caller knows what was and was not done. */
  upids: z.array(z.string()),
  completedSteps: z.array(z.string()),
});
export type OperationFailed = z.infer<typeof OperationFailedSchema>;

export const OperationFailedContract = defineEvent({
  subject: 'evt.proxmox.operation.failed',
  type: 'proxmox.operation.failed',
  data: OperationFailedSchema,
});
