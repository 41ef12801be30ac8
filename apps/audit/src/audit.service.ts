import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuditQueryModule } from './audit-query/audit-query.module';
import { AuditConfigSchema, type AuditConfig } from './config';
import { AuditMessages1732147300000 } from './migrations/1732147300000-audit-messages';
import { AuditHashChain1732500000000 } from './migrations/1732500000000-audit-hash-chain';
import { AuditSearch1732600000000 } from './migrations/1732600000000-audit-search';
import { AuditChainInBatches1732700000000 } from './migrations/1732700000000-audit-chain-in-batches';
import { AuditGuestRefs1732800000000 } from './migrations/1732800000000-audit-guest-refs';

export const auditService: ServiceDefinition<AuditConfig> = {
  name: 'audit',
  configSchema: AuditConfigSchema,
  defaultHttpPort: 8085,
  migrations: [
    AuditMessages1732147300000,
    AuditHashChain1732500000000,
    AuditSearch1732600000000,
    AuditChainInBatches1732700000000,
    AuditGuestRefs1732800000000,
  ],
  features: () => [AuditLogModule, AuditQueryModule],
};
