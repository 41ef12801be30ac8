import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';

/** A Proxmox task id: `UPID:<node>:<pid>:<pstart>:<start>:<type>:<id>:<user>:`. */
export const UpidSchema = z
  .string()
  .max(512)
  .regex(
    /^UPID:[A-Za-z0-9-]+:[0-9A-F]{8}:[0-9A-F]{8,}:[0-9A-F]{8}:[^:\s]+:[^:\s]*:[^:\s]+:$/,
    'expected a Proxmox task UPID',
  );

export const TaskStopRequestedSchema = z.object({ upid: UpidSchema }).strict();
export type TaskStopRequested = z.infer<typeof TaskStopRequestedSchema>;

export const TaskStopRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.task.stop',
  type: 'proxmox.task.stop.requested',
  data: TaskStopRequestedSchema,
});
