import {
  GuestSelectorSchema,
  NodeNameSchema,
  TargetNameSchema,
  VmidSchema,
  VolumeIdSchema,
} from '@proxmox-mpc/contracts';
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

/** A storage volume as a node sees it (get_volume, delete_volume). */
export const VolumeInput = {
  target: TargetInput,
  node: NodeNameSchema.describe('A node that sees the storage'),
  volume: VolumeIdSchema.describe(
    'The volume id, e.g. local:backup/vzdump-qemu-100-2026_12_06-02_00_00.vma.zst',
  ),
};
