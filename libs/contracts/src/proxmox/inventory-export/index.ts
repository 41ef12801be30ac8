import { z } from 'zod';
import { defineQuery } from '../../define';
import { FreshnessShape, MaxAgeShape } from '../freshness';
import { VmidSchema } from '../guest';
import { InventoryGuestSchema } from '../inventory-guest';

/**
 * The inventory with every guest's config, a page at a time in VMID order: what code
 * generation reads. Pages keep each reply well under NATS's message size limit.
 */
export const InventoryExportRequestSchema = z
  .object({
    /** Continue after this VMID (the previous page's `nextAfterVmid`). */
    afterVmid: VmidSchema.optional(),
    /** Guests per page at most; 500 when omitted. A page of large configs holds fewer, to fit one message. */
    limit: z.number().int().min(1).max(1_000).optional(),
    ...MaxAgeShape,
    /**
     * The inventory as stored, however old, without a sync first (`maxAgeMs` is then
     * ignored); NOT_FOUND when the target has not been synced yet. For a reader that
     * follows the inventory's events and only needs what it may have missed.
     */
    storedOnly: z.boolean().optional(),
  })
  .strict();
export type InventoryExportRequest = z.infer<typeof InventoryExportRequestSchema>;

export const InventoryExportResponseSchema = z.object({
  target: z.string(),
  guests: z.array(InventoryGuestSchema),
  /** Present when more guests follow. */
  nextAfterVmid: VmidSchema.optional(),
  ...FreshnessShape,
});
export type InventoryExportResponse = z.infer<typeof InventoryExportResponseSchema>;

export const InventoryExportQuery = defineQuery({
  subject: 'qry.proxmox.inventory.export',
  type: 'proxmox.inventory.export',
  request: InventoryExportRequestSchema,
  response: InventoryExportResponseSchema,
});
