import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { ConfigKeySchema, ConfigSetSchema } from '../formats';
import { GuestLocatorShape } from '../operation';

export const GuestConfigureRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    set: ConfigSetSchema.optional(),
    delete: z.array(ConfigKeySchema).max(64).optional(),
    /** The config digest the change was based on; Proxmox refuses if the config changed since. */
    digest: z
      .string()
      .regex(/^[0-9a-f]{40}$/, 'expected the 40-hex digest from the guest config')
      .optional(),
  })
  .strict()
  .refine((command) => Object.keys(command.set ?? {}).length + (command.delete?.length ?? 0) > 0, {
    message: 'nothing to change: give set and/or delete',
    path: ['set'],
  })
  .refine((command) => !(command.delete ?? []).some((key) => key in (command.set ?? {})), {
    message: 'a key cannot be both set and deleted',
    path: ['delete'],
  });
export type GuestConfigureRequested = z.infer<typeof GuestConfigureRequestedSchema>;

export const GuestConfigureRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.configure',
  type: 'proxmox.guest.configure.requested',
  data: GuestConfigureRequestedSchema,
});
