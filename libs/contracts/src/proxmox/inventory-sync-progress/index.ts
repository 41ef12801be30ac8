import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { SyncModeSchema } from '../sync-mode';

/** How far an inventory pass someone asked for has come. */
export const InventorySyncProgressContract = defineEvent({
  subject: 'evt.proxmox.inventory.sync.progress',
  type: 'proxmox.inventory.sync.progress',
  data: z.object({
    target: TargetNameSchema,
    mode: SyncModeSchema,
    /** `reading`: guest configs from Proxmox (the slow part); `recording`: guests into the inventory. */
    phase: z.enum(['reading', 'recording']),
    /** Configs read, or guests recorded, so far, of `total`. */
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
});
export type InventorySyncProgress = z.infer<typeof InventorySyncProgressContract.data>;
