import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { SyncModeSchema } from '../sync-mode';

export const InventorySyncedSchema = z.object({
  target: TargetNameSchema,
  mode: SyncModeSchema,
  guests: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  /** Configs read from Proxmox in this pass. */
  configsRead: z.number().int().nonnegative(),
  /** Nodes that did not answer; their guests are marked `unknown`, not deleted. */
  unreachableNodes: z.array(z.string()),
  durationMs: z.number().int().nonnegative(),
});
export type InventorySynced = z.infer<typeof InventorySyncedSchema>;

export const InventorySyncedContract = defineEvent({
  subject: 'evt.proxmox.inventory.synced',
  type: 'proxmox.inventory.synced',
  data: InventorySyncedSchema,
});
