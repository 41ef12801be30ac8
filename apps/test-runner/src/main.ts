import { BaseConfigSchema, bootstrapService } from '@proxmox-mpc/service-runtime';

// Platform only for now (schema, bus, /health, /metrics): IaC validation arrives with its issue.
void bootstrapService({ name: 'test-runner', configSchema: BaseConfigSchema, defaultHttpPort: 8083 });
