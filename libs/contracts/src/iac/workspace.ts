import { z } from 'zod';

/** A workspace's name is also its folder name: lower-case letters, digits and dashes. */
export const WorkspaceNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected 1-63 lower-case letters, digits or dashes, e.g. "homelab"');

export const AnsibleCollectionSchema = z.enum(['community.proxmox', 'community.general']);

/** A git commit of a workspace. */
export const RevisionSchema = z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character git commit id');
