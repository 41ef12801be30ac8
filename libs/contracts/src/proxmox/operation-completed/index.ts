import { defineEvent } from '../../define';
import { OperationResultSchema } from '../operation';

export const OperationCompletedContract = defineEvent({
  subject: 'evt.proxmox.operation.completed',
  type: 'proxmox.operation.completed',
  data: OperationResultSchema,
});
