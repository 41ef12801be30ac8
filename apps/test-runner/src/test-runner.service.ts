import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { ChecksModule } from './checks/checks.module';
import { TestRunnerConfigSchema, type TestRunnerConfig } from './config';

export const testRunnerService: ServiceDefinition<TestRunnerConfig> = {
  name: 'test-runner',
  configSchema: TestRunnerConfigSchema,
  defaultHttpPort: 8083,
  features: () => [ChecksModule],
};
