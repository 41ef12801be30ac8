import { GuestDetailSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { describeGuest, resolveGuest } from '../guest-resolver';
import { readTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { withTarget } from './query-target';

export const getGuestTool = readTool({
  name: 'get_guest',
  title: 'Show a guest',
  description: "One guest's Proxmox config, live status and (when its agent runs) IP addresses.",
  input: z.object({ target: TargetInput, guest: GuestInput }).strict(),
  output: GuestDetailSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, guest }, context) {
    const found = await resolveGuest(context, guest, target);
    const detail = await context.bus.query(
      Subjects.proxmoxGuestGet,
      { vmid: found.vmid },
      withTarget(context.origin, target),
    );
    const live = detail.live;
    const addresses = live.ipAddresses.length ? `, addresses ${live.ipAddresses.join(', ')}` : '';
    return {
      structured: detail,
      summary:
        `${describeGuest(detail.guest)}: ${live.status}${live.lock ? ` (locked: ${live.lock})` : ''}${addresses}; ` +
        `${Object.keys(detail.config).length} config keys, digest ${detail.digest}`,
    };
  },
});
