import { z } from 'zod';
import { defineCommand } from '../../define';
import { Subjects } from '../../subjects';
import { NodeNameSchema } from '../guest';
import { GuestLocatorShape, OPERATION_OUTCOMES } from '../operation/operation';

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

export const GuestMigrateRequestedContract = defineCommand({
  subject: Subjects.proxmoxGuestMigrate,
  type: 'proxmox.guest.migrate.requested',
  data: GuestMigrateRequestedSchema,
  outcomes: OPERATION_OUTCOMES,
  progress: Subjects.proxmoxOperationProgress,
});
