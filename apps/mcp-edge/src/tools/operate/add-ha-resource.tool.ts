import { DescriptionSchema, operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const addHaResourceTool = operateTool({
  name: 'add_ha_resource',
  title: 'Put a guest under high availability',
  description:
    'Make a guest an HA resource: the cluster restarts or relocates it when its node fails. The first resource ' +
    'starts the HA stack on a cluster that had none.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      state: z
        .enum(['started', 'stopped', 'disabled', 'ignored'])
        .optional()
        .describe('What HA keeps it in (default started)'),
      maxRestart: z
        .number()
        .int()
        .min(0)
        .max(10)
        .optional()
        .describe('Restarts on its node before relocating'),
      maxRelocate: z.number().int().min(0).max(10).optional().describe('Relocations before giving up'),
      comment: DescriptionSchema.optional(),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('ha'),
  async prepare({ target, guest, ...options }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, 'put under HA', {
      subject: Subjects.proxmoxGuestHa,
      data: { ...locator(found), action: 'add' as const, ...options },
      approvalAction: 'ha.add',
    });
  },
});
