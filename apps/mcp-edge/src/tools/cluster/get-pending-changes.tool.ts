import { GuestPendingQuery, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { describeGuest, resolveGuest } from '../guest-resolver';
import { withTarget } from '../read/query-target';
import { readTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';

export const getPendingChangesTool = readTool({
  name: 'get_pending_changes',
  title: 'Show pending config changes',
  description:
    'The config changes of a guest that Proxmox could not apply while it runs and applies at its next start ' +
    '(a new value, or a key being deleted).',
  input: z.object({ target: TargetInput, guest: GuestInput }).strict(),
  output: GuestPendingQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, guest }, context) {
    const found = await resolveGuest(context, guest, target);
    const reply = await context.bus.query(
      Subjects.proxmoxGuestPending,
      { vmid: found.vmid, node: found.node, type: found.type },
      withTarget(context.origin, found.target),
    );
    const lines = reply.changes.map((change) =>
      change.deleting
        ? `${change.key}: to be deleted`
        : `${change.key}: ${change.current ?? '(unset)'} → ${change.pending}`,
    );
    return {
      structured: reply,
      summary: lines.length
        ? [`${lines.length} changes of ${describeGuest(found)} wait for its next start:`, ...lines].join('\n')
        : `${describeGuest(found)} has no pending changes.`,
    };
  },
});
