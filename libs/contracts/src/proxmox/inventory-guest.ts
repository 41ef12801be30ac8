import { z } from 'zod';
import { GuestSchema } from './guest';

/** A guest as the inventory keeps it: the summary plus its Proxmox config. */
export const InventoryGuestSchema = GuestSchema.extend({
  config: z.record(z.string(), z.string()),
  /** Proxmox's config digest, when the config was read. */
  digest: z.string().optional(),
});
export type InventoryGuest = z.infer<typeof InventoryGuestSchema>;

export const FieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof FieldChangeSchema>;
