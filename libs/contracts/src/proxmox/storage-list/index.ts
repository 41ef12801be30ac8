import { z } from 'zod';
import { defineQuery } from '../../define';
import { StorageIdSchema } from '../formats';
import { NodeNameSchema } from '../guest';

export const StorageContentSchema = z.enum([
  'images',
  'rootdir',
  'iso',
  'vztmpl',
  'backup',
  'snippets',
  'import',
]);

export const StorageSummarySchema = z.object({
  node: z.string(),
  storage: z.string(),
  type: z.string(),
  content: z.array(z.string()),
  shared: z.boolean(),
  active: z.boolean(),
  totalBytes: z.number().int().nonnegative(),
  usedBytes: z.number().int().nonnegative(),
  /** Volumes, when asked for (`content` given). */
  volumes: z
    .array(
      z.object({
        volid: z.string(),
        content: z.string(),
        sizeBytes: z.number().int().nonnegative(),
        vmid: z.number().int().optional(),
        createdAt: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .optional(),
});
export type StorageSummary = z.infer<typeof StorageSummarySchema>;

export const StorageListRequestSchema = z
  .object({
    node: NodeNameSchema.optional(),
    storage: StorageIdSchema.optional(),
    content: StorageContentSchema.optional(),
  })
  .strict();
export type StorageListRequest = z.infer<typeof StorageListRequestSchema>;

export const StorageListQuery = defineQuery({
  subject: 'qry.proxmox.storage.list',
  type: 'proxmox.storage.list',
  request: StorageListRequestSchema,
  response: z.object({ target: z.string(), storages: z.array(StorageSummarySchema) }),
});
