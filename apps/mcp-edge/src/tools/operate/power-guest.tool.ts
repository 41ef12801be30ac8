import { operationResultOf, PowerActionSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const powerGuestTool = operateTool({
  name: 'power_guest',
  title: 'Start, stop, shut down, reboot, suspend or resume a guest',
  description:
    'Start, stop (immediate), shut down (graceful) or reboot a VM or container, or suspend (pause in memory) and ' +
    'resume a VM, and wait for the Proxmox task. Stopping may need a human approval first.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      action: PowerActionSchema.describe(
        'start, stop (immediate), shutdown (graceful), reboot, or for VMs suspend (pause) and resume',
      ),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('power'),
  async prepare({ target, guest, action }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, action, {
      subject: Subjects.proxmoxGuestPower,
      data: { ...locator(found), action },
      ...(action === 'start' ? {} : { approvalAction: `power.${action}` as const }),
    });
  },
});
