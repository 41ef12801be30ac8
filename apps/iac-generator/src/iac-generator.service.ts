import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { IacGeneratorConfigSchema, type IacGeneratorConfig } from './config';
import { ApplyModule } from './apply/apply.module';
import { DriftModule } from './drift/drift.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

export const iacGeneratorService: ServiceDefinition<IacGeneratorConfig> = {
  name: 'iac-generator',
  configSchema: IacGeneratorConfigSchema,
  defaultHttpPort: 8082,
  features: () => [WorkspacesModule, DriftModule, ApplyModule],
};
