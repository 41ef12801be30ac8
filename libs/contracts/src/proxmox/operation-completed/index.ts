import { defineEvent } from '../../define';
import { Subjects } from '../../subjects';
import { OperationResultSchema } from '../operation/operation';

export const OperationCompletedContract = defineEvent({
  subject: Subjects.proxmoxOperationCompleted,
  type: 'proxmox.operation.completed',
  data: OperationResultSchema,
});
