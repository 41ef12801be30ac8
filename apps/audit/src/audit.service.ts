import { BaseConfigSchema, type BaseConfig, type ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuditMessages1732147300000 } from './migrations/1732147300000-audit-messages';
import { AuditHashChain1732500000000 } from './migrations/1732500000000-audit-hash-chain';

export const auditService: ServiceDefinition<BaseConfig> = {
  name: 'audit',
  configSchema: BaseConfigSchema,
  defaultHttpPort: 8085,
  migrations: [AuditMessages1732147300000, AuditHashChain1732500000000],
  features: () => [AuditLogModule],
};
