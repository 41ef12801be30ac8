import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

export const TestRunnerConfigSchema = BaseConfigSchema.extend({
  /** The workspaces iac-generator writes (the same folder, read here). */
  IAC_WORKSPACE_ROOT: z.string().min(1).default('.data/workspaces'),
});
export type TestRunnerConfig = z.infer<typeof TestRunnerConfigSchema>;
