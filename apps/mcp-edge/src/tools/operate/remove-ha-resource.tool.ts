import { operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const removeHaResourceTool = operateTool({
  name: 'remove_ha_resource',
  title: 'Take a guest out of high availability',
  description:
    'Stop managing a guest with HA (it keeps running, but nothing restarts it when its node fails). Needs approval ' +
    'by default.',
  input: z.object({ target: TargetInput, guest: GuestInput }).strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('ha'),
  async prepare({ target, guest }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, 'take out of HA', {
      subject: Subjects.proxmoxGuestHa,
      data: { ...locator(found), action: 'remove' as const },
      approvalAction: 'ha.remove',
    });
  },
});
