import { WorkspaceRootSetting } from '@proxmox-mpc/iac';
import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import type { z } from 'zod';

export const TestRunnerConfigSchema = BaseConfigSchema.extend({ IAC_WORKSPACE_ROOT: WorkspaceRootSetting });
export type TestRunnerConfig = z.infer<typeof TestRunnerConfigSchema>;
