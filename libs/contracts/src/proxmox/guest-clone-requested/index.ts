import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import {
  CloudInitSchema,
  ConfigSetSchema,
  DescriptionSchema,
  GuestNameSchema,
  PoolIdSchema,
  StorageIdSchema,
} from '../formats';
import { NodeNameSchema, VmidSchema } from '../guest';
import { GuestLocatorShape } from '../operation';

export const GuestCloneRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    /** The next free id is used when omitted. */
    newid: VmidSchema.optional(),
    name: GuestNameSchema,
    /** Node for the clone; the source's node when omitted. */
    target: NodeNameSchema.optional(),
    /** Full copy; linked clones (the default for templates) share the template's disks. */
    full: z.boolean().optional(),
    storage: StorageIdSchema.optional(),
    pool: PoolIdSchema.optional(),
    description: DescriptionSchema.optional(),
    cloudInit: CloudInitSchema.optional(),
    /** Config changes applied to the clone before it starts (cores, memory, …). */
    config: ConfigSetSchema.optional(),
    start: z.boolean().optional(),
    /** After starting, wait for the guest agent to report IP addresses. */
    waitForIp: z.boolean().optional(),
  })
  .strict();
export type GuestCloneRequested = z.infer<typeof GuestCloneRequestedSchema>;

export const GuestCloneRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.clone',
  type: 'proxmox.guest.clone.requested',
  data: GuestCloneRequestedSchema,
});
