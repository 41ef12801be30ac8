import { type BaseConfig, BaseConfigSchema, type ServiceDefinition } from '@proxmox-mpc/service-runtime';

// Platform only for now (schema, bus, /health, /metrics): retrieval with citations arrives with its issue.
export const ragService: ServiceDefinition<BaseConfig> = {
  name: 'rag',
  configSchema: BaseConfigSchema,
  defaultHttpPort: 8084,
};
