import {
  GuestTypeSchema,
  NodeNameSchema,
  operationResultOf,
  StorageIdSchema,
  Subjects,
  VmidSchema,
  VolumeIdSchema,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { describeGuest, resolveGuest } from '../guest-resolver';
import { operateTool, ToolError } from '../tool-definition';
import { TargetInput } from '../tool-inputs';

export const restoreGuestTool = operateTool({
  name: 'restore_guest',
  title: 'Restore a backup',
  description:
    'Restore a vzdump backup (see list_storage with content backup) as VMID `vmid` on `node`. Restoring over an ' +
    'existing guest needs force and a human approval.',
  input: z
    .object({
      target: TargetInput,
      type: GuestTypeSchema,
      node: NodeNameSchema,
      vmid: VmidSchema,
      archive: VolumeIdSchema,
      storage: StorageIdSchema.optional(),
      force: z.boolean().optional().describe('Replace the existing guest with this VMID'),
      start: z.boolean().optional(),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('restore'),
  async prepare({ target, ...restore }, context) {
    context.access.assertNode(restore.node);
    const existing = restore.force ? await resolveGuest(context, restore.vmid, target) : undefined;
    if (existing && existing.type !== restore.type) {
      throw new ToolError(
        'INVALID_MESSAGE',
        `${describeGuest(existing)} is a ${existing.type}; restore it as that type`,
      );
    }
    context.access.assertGuest({ vmid: restore.vmid, node: restore.node, name: existing?.name ?? '' });
    const cluster = existing?.target ?? target;
    return {
      request: {
        subject: Subjects.proxmoxGuestRestore,
        data: restore,
        summary: existing
          ? `restore ${restore.archive} over ${describeGuest(existing)}`
          : `restore ${restore.archive} as ${restore.type} ${restore.vmid} on ${restore.node}`,
        ...(cluster ? { target: cluster } : {}),
        ...(existing ? { approvalAction: 'restore.force' as const } : {}),
      },
      confirmation: existing?.name ?? String(restore.vmid),
    };
  },
});
