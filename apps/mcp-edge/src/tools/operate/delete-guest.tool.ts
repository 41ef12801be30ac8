import { operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const deleteGuestTool = operateTool({
  name: 'delete_guest',
  title: 'Delete a guest',
  description:
    'Destroy a stopped VM or container and its disks. Proxmox refuses guests with protection set. Needs approval.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      purge: z.boolean().optional().describe('Also remove it from backup jobs, replication and HA'),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('delete'),
  async prepare({ target, guest, purge }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, 'delete', {
      subject: Subjects.proxmoxGuestDelete,
      data: { ...locator(found), ...(purge === undefined ? {} : { purge }) },
      approvalAction: 'delete',
    });
  },
});
