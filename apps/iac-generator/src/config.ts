import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

export const IacGeneratorConfigSchema = BaseConfigSchema.extend({
  /** Where workspaces live, one git repository per folder; shared storage when running replicas. */
  IAC_WORKSPACE_ROOT: z.string().min(1).default('.data/workspaces'),
});
export type IacGeneratorConfig = z.infer<typeof IacGeneratorConfigSchema>;
