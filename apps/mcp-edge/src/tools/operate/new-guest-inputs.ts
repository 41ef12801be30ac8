import { CloudInitSchema, DescriptionSchema, PoolIdSchema, TagSchema } from '@proxmox-mpc/contracts';

/** Inputs that describe a new guest, shared by create_guest and clone_guest. */
export const NewGuestInputs = {
  cloudInit: CloudInitSchema.optional().describe(
    'VMs: user, password, SSH keys, IP (dhcp or address/gateway), nameserver',
  ),
  tags: TagSchema.array().optional(),
  description: DescriptionSchema.optional(),
  pool: PoolIdSchema.optional(),
};
