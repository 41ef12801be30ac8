import { SnapshotSummarySchema, Subjects, VmidSchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { describeGuest, resolveGuest } from '../guest-resolver';
import { readTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { withTarget } from './query-target';

export const listSnapshotsTool = readTool({
  name: 'list_snapshots',
  title: 'List snapshots',
  description: "A guest's snapshots and which one its current state descends from.",
  input: z.object({ target: TargetInput, guest: GuestInput }).strict(),
  output: z.object({
    target: z.string(),
    vmid: VmidSchema,
    snapshots: z.array(SnapshotSummarySchema),
    current: z.string().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, guest }, context) {
    const found = await resolveGuest(context, guest, target);
    const reply = await context.bus.query(
      Subjects.proxmoxSnapshotsList,
      { vmid: found.vmid },
      withTarget(context.origin, target),
    );
    const lines = reply.snapshots.map(
      (snapshot) =>
        `${snapshot.name}${snapshot.parent ? ` (after ${snapshot.parent})` : ''}${snapshot.description ? `: ${snapshot.description}` : ''}`,
    );
    return {
      structured: reply,
      summary: [
        `${reply.snapshots.length} snapshots of ${describeGuest(found)}${reply.current ? `, current state after ${reply.current}` : ''}:`,
        ...lines,
      ].join('\n'),
    };
  },
});
