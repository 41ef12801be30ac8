import { Subjects, VolumeGetQuery } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { withTarget } from '../read/query-target';
import { readTool } from '../tool-definition';
import { VolumeInput } from '../tool-inputs';

export const getVolumeTool = readTool({
  name: 'get_volume',
  title: 'Show a storage volume',
  description:
    'One volume of a storage (a backup, ISO image, template or disk, as list_storage names it): its path, size, ' +
    'format, and for backups their notes and whether they are protected.',
  input: z.object(VolumeInput).strict(),
  output: VolumeGetQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, node, volume }, { bus, origin, access }) {
    access.assertNode(node);
    const reply = await bus.query(Subjects.proxmoxVolumeGet, { node, volume }, withTarget(origin, target));
    return {
      structured: reply,
      summary:
        `${reply.volume}: ${reply.format}, ${(reply.sizeBytes / 2 ** 30).toFixed(2)} GiB at ${reply.path}` +
        `${reply.protected ? ', protected' : ''}${reply.notes ? `; notes: ${reply.notes}` : ''}`,
    };
  },
});
