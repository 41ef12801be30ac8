import { z } from 'zod';
import { defineQuery } from '../../define';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';

/** A config change that takes effect at the guest's next start. */
export const PendingChangeSchema = z.object({
  key: z.string(),
  /** The value now; absent for a key being added. */
  current: z.string().optional(),
  /** The value after the restart; absent when the key is being deleted. */
  pending: z.string().optional(),
  deleting: z.boolean(),
});

export const GuestPendingQuery = defineQuery({
  subject: 'qry.proxmox.guest.pending',
  type: 'proxmox.guest.pending',
  request: z.object({ vmid: VmidSchema, node: NodeNameSchema, type: GuestTypeSchema }).strict(),
  response: z.object({
    target: z.string(),
    vmid: VmidSchema,
    node: NodeNameSchema,
    changes: z.array(PendingChangeSchema),
  }),
});
