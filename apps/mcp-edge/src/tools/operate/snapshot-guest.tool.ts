import { DescriptionSchema, operationResultOf, SnapshotNameSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const snapshotGuestTool = operateTool({
  name: 'snapshot_guest',
  title: 'Take or delete a snapshot',
  description: 'Take a snapshot of a VM or container (optionally with RAM, VMs only), or delete one.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      action: z.enum(['create', 'delete']).default('create'),
      name: SnapshotNameSchema,
      description: DescriptionSchema.optional(),
      includeRam: z.boolean().optional(),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('snapshot'),
  async prepare({ target, guest, action, ...snapshot }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, `${action === 'create' ? 'snapshot' : 'delete snapshot'} "${snapshot.name}" of`, {
      subject: Subjects.proxmoxGuestSnapshot,
      data: { ...locator(found), action, ...snapshot },
      ...(action === 'delete' ? { approvalAction: 'snapshot.delete' as const } : {}),
    });
  },
});
