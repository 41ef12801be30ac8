import { operationResultOf, SnapshotNameSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const rollbackGuestTool = operateTool({
  name: 'rollback_guest',
  title: 'Roll back to a snapshot',
  description:
    'Return a VM or container to a snapshot, losing everything since; optionally start it afterwards. Needs approval.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      snapshot: SnapshotNameSchema,
      start: z.boolean().optional(),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('rollback'),
  async prepare({ target, guest, snapshot, start }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, `roll back to "${snapshot}"`, {
      subject: Subjects.proxmoxGuestRollback,
      data: { ...locator(found), snapshot, ...(start === undefined ? {} : { start }) },
      approvalAction: 'rollback',
    });
  },
});
