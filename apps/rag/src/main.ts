import { BaseConfigSchema, bootstrapService } from '@proxmox-mpc/service-runtime';

// Platform only for now (schema, bus, /health, /metrics): retrieval with citations arrives with its issue.
void bootstrapService({ name: 'rag', configSchema: BaseConfigSchema, defaultHttpPort: 8084 });
