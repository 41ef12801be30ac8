import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { NodeNameSchema } from '../guest';
import { GuestLocatorShape } from '../operation';

export const GuestMigrateRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    target: NodeNameSchema,
    /** Live-migrate a running VM (containers are restarted instead). */
    online: z.boolean().optional(),
    withLocalDisks: z.boolean().optional(),
  })
  .strict();
export type GuestMigrateRequested = z.infer<typeof GuestMigrateRequestedSchema>;

export const GuestMigrateRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.migrate',
  type: 'proxmox.guest.migrate.requested',
  data: GuestMigrateRequestedSchema,
});
