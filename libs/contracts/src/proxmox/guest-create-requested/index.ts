import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import {
  CloudInitSchema,
  ConfigSetSchema,
  DescriptionSchema,
  GuestNameSchema,
  PoolIdSchema,
  BridgeSchema,
  StorageIdSchema,
  TagSchema,
  VolumeIdSchema,
} from '../formats';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';

/** A guest described in platform terms; the agent turns it into Proxmox config keys. */
export const GuestSpecSchema = z
  .object({
    name: GuestNameSchema,
    cores: z.number().int().min(1).max(512).optional(),
    memoryMb: z.number().int().min(16).max(4_194_304).optional(),
    disk: z
      .object({ storage: StorageIdSchema, sizeGb: z.number().int().min(1).max(131_072) })
      .strict()
      .optional(),
    network: z
      .object({
        bridge: BridgeSchema,
        model: z.enum(['virtio', 'e1000', 'rtl8139', 'vmxnet3']).optional(),
        vlan: z.number().int().min(1).max(4094).optional(),
        firewall: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Containers only: the OS template, e.g. `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`. */
    ostemplate: VolumeIdSchema.optional(),
    unprivileged: z.boolean().optional(),
    tags: z.array(TagSchema).max(32).optional(),
    description: DescriptionSchema.optional(),
    pool: PoolIdSchema.optional(),
    onboot: z.boolean().optional(),
    /** VMs only: enable the QEMU guest agent. */
    agent: z.boolean().optional(),
    cloudInit: CloudInitSchema.optional(),
    /** Further Proxmox config keys, passed as they are. */
    config: ConfigSetSchema.optional(),
  })
  .strict();
export type GuestSpec = z.infer<typeof GuestSpecSchema>;

export const GuestCreateRequestedSchema = z
  .object({
    type: GuestTypeSchema,
    node: NodeNameSchema,
    /** The next free id is used when omitted. */
    vmid: VmidSchema.optional(),
    spec: GuestSpecSchema,
    start: z.boolean().optional(),
  })
  .strict()
  .refine((command) => command.type === 'qemu' || command.spec.ostemplate !== undefined, {
    message: 'a container needs spec.ostemplate',
    path: ['spec', 'ostemplate'],
  });
export type GuestCreateRequested = z.infer<typeof GuestCreateRequestedSchema>;

export const GuestCreateRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.create',
  type: 'proxmox.guest.create.requested',
  data: GuestCreateRequestedSchema,
});
