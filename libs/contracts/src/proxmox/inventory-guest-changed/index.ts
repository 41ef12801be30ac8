import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { Subjects } from '../../subjects';
import { GuestSchema, GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';

/** A guest as the inventory keeps it: the summary plus its Proxmox config. */
export const InventoryGuestSchema = GuestSchema.extend({
  config: z.record(z.string(), z.string()),
  /** Proxmox's config digest, when the config was read. */
  digest: z.string().optional(),
});
export type InventoryGuest = z.infer<typeof InventoryGuestSchema>;

export const FieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof FieldChangeSchema>;

export const InventoryGuestCreatedContract = defineEvent({
  subject: Subjects.proxmoxInventoryGuestCreated,
  type: 'proxmox.inventory.guest.created',
  data: z.object({ target: TargetNameSchema, guest: InventoryGuestSchema }),
});

export const InventoryGuestUpdatedContract = defineEvent({
  subject: Subjects.proxmoxInventoryGuestUpdated,
  type: 'proxmox.inventory.guest.updated',
  data: z.object({
    target: TargetNameSchema,
    guest: InventoryGuestSchema,
    changes: z.array(FieldChangeSchema).min(1),
  }),
});

export const InventoryGuestDeletedContract = defineEvent({
  subject: Subjects.proxmoxInventoryGuestDeleted,
  type: 'proxmox.inventory.guest.deleted',
  data: z.object({
    target: TargetNameSchema,
    vmid: VmidSchema,
    node: NodeNameSchema,
    type: GuestTypeSchema,
    name: z.string(),
  }),
});
