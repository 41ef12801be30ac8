import { z } from 'zod';
import { defineCommand } from '../../define';
import { InventorySyncProgressContract } from '../inventory-sync-progress';
import { InventorySyncedContract } from '../inventory-synced';
import { SyncModeSchema } from '../sync-mode';

/**
 * A pass over the envelope's target now (an operator's `/sync`), reporting its progress;
 * ends with the pass's `evt.proxmox.inventory.synced`.
 */
export const InventorySyncContract = defineCommand({
  subject: 'cmd.proxmox.inventory.sync',
  type: 'proxmox.inventory.sync.requested',
  data: z
    .object({
      /** `full` reads every guest's config; `incremental` (the default) only what changed. */
      mode: SyncModeSchema.optional(),
    })
    .strict(),
  outcomes: [InventorySyncedContract.subject],
  progress: InventorySyncProgressContract.subject,
});
