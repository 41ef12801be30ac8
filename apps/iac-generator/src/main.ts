import { BaseConfigSchema, bootstrapService } from '@proxmox-mpc/service-runtime';

// Platform only for now (schema, bus, /health, /metrics): Terraform and Ansible generation arrives with its issue.
void bootstrapService({ name: 'iac-generator', configSchema: BaseConfigSchema, defaultHttpPort: 8082 });
