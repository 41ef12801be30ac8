import { GuestSelectorSchema, TargetNameSchema, VmidSchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';

/** Fields many tools share, described once for the model. */
export const TargetInput = TargetNameSchema.optional().describe(
  'The cluster, when more than one is managed (see whoami); omit otherwise',
);

export const GuestInput = z
  .union([VmidSchema, GuestSelectorSchema])
  .describe(
    'The guest: a VMID (100), a name (web-01) or node/name (pve1/web-01); must match exactly one guest',
  );
