import { operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool, ToolError } from '../tool-definition';
import { VolumeInput } from '../tool-inputs';
import { onNode } from './guest-operation';

// The guest a volume belongs to, from its name: `vzdump-qemu-102-…`, `vm-102-disk-0`.
const OWNER = /(?:vzdump-(?:qemu|lxc)-|(?:^|[:/])(?:vm|base|subvol|basevol)-)(\d+)-/;

export const deleteVolumeTool = operateTool({
  name: 'delete_volume',
  title: 'Delete a backup or volume',
  description:
    'Delete a volume from a storage: a backup, ISO image, template or unused disk (list_storage names them). A disk ' +
    'a guest still uses is refused; Proxmox refuses protected backups. Needs approval by default.',
  input: z.object(VolumeInput).strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('volume-delete'),
  async prepare({ target, node, volume }, context) {
    context.access.assertNode(node);
    if (!context.access.unrestricted) {
      // A token limited to some guests deletes only their volumes.
      const owner = OWNER.exec(volume)?.[1];
      if (owner === undefined) {
        throw new ToolError(
          'FORBIDDEN',
          `${context.access.actorId} may delete only volumes of its guests; ${volume} has no owner`,
        );
      }
      await resolveGuest(context, Number(owner), target);
    }
    return onNode(target, `delete ${volume} on ${node}`, volume, {
      subject: Subjects.proxmoxStorageVolumeDelete,
      data: { node, volume },
      approvalAction: 'volume.delete',
    });
  },
});
