import {
  NodeNameSchema,
  StorageContentSchema,
  StorageIdSchema,
  StorageSummarySchema,
  Subjects,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool } from '../tool-definition';
import { TargetInput } from '../tool-inputs';
import { withTarget } from './query-target';

export const listStorageTool = readTool({
  name: 'list_storage',
  title: 'List storage',
  description:
    'Storages per node with usage; with `content` (iso, vztmpl, backup, images, …) also their volumes, ' +
    'e.g. the backups to restore from or the templates to create containers from.',
  input: z
    .object({
      target: TargetInput,
      node: NodeNameSchema.optional(),
      storage: StorageIdSchema.optional(),
      content: StorageContentSchema.optional(),
    })
    .strict(),
  output: z.object({ target: z.string(), storages: z.array(StorageSummarySchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, ...filters }, { bus, origin, access }) {
    if (filters.node) access.assertNode(filters.node);
    const reply = await bus.query(Subjects.proxmoxStorageList, filters, withTarget(origin, target));
    const storages = reply.storages.filter((storage) => access.allowsNode(storage.node));
    const lines = storages.map((storage) => {
      const used = `${Math.round(storage.usedBytes / 2 ** 30)}/${Math.round(storage.totalBytes / 2 ** 30)} GiB`;
      const volumes = storage.volumes
        ? `; ${storage.volumes.map((volume) => volume.volid).join(', ') || 'no volumes'}`
        : '';
      return `${storage.node}/${storage.storage} (${storage.type}, ${storage.content.join(',')}): ${used}${volumes}`;
    });
    return {
      structured: { target: reply.target, storages },
      summary: lines.join('\n') || 'no storage matches',
    };
  },
});
