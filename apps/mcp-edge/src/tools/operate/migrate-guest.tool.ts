import { NodeNameSchema, operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const migrateGuestTool = operateTool({
  name: 'migrate_guest',
  title: 'Move a guest to another node',
  description:
    'Migrate a VM (online: live) or container (online: restart) to another node of the cluster. Needs approval.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      to: NodeNameSchema.describe('The node to move to'),
      online: z.boolean().optional(),
      withLocalDisks: z.boolean().optional(),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('migrate'),
  async prepare({ target, guest, to, ...options }, context) {
    const found = await resolveGuest(context, guest, target);
    context.access.assertNode(to);
    return onGuest(found, `migrate to ${to}:`, {
      subject: Subjects.proxmoxGuestMigrate,
      data: { ...locator(found), target: to, ...options },
      approvalAction: 'migrate',
    });
  },
});
