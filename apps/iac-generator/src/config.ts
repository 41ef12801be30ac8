import { WorkspaceRootSetting } from '@proxmox-mpc/iac';
import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import type { z } from 'zod';

export const IacGeneratorConfigSchema = BaseConfigSchema.extend({ IAC_WORKSPACE_ROOT: WorkspaceRootSetting });
export type IacGeneratorConfig = z.infer<typeof IacGeneratorConfigSchema>;
