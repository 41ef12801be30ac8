import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { AgentConfigSchema, type AgentConfig } from './config';
import { GuestHistoryEntry } from './inventory/guest-history-entry.entity';
import { InventoryRevision } from './inventory/inventory-revision.entity';
import { InventoryModule } from './inventory/inventory.module';
import { SyncState } from './inventory/sync-state.entity';
import { SyncedGuest } from './inventory/synced-guest.entity';
import { SyncedNode } from './inventory/synced-node.entity';
import { OperationJournal1732233600000 } from './migrations/1732233600000-operation-journal';
import { InventoryTables1732320000000 } from './migrations/1732320000000-inventory-tables';
import { JournalEntry } from './operations/journal-entry.entity';
import { OperationsModule } from './operations/operations.module';
import { QueriesModule } from './queries/queries.module';
import { ConnectedTargets1733000000000 } from './migrations/1733000000000-connected-targets';
import { InventoryRevisions1735800000000 } from './migrations/1735800000000-inventory-revisions';
import { ConnectedTarget } from './targets/connected-target.entity';
import { TargetsModule } from './targets/targets.module';

export const proxmoxAgentService: ServiceDefinition<AgentConfig> = {
  name: 'proxmox-agent',
  configSchema: AgentConfigSchema,
  defaultHttpPort: 8081,
  migrations: [
    OperationJournal1732233600000,
    InventoryTables1732320000000,
    ConnectedTargets1733000000000,
    InventoryRevisions1735800000000,
  ],
  entities: [
    JournalEntry,
    SyncedGuest,
    GuestHistoryEntry,
    SyncedNode,
    SyncState,
    InventoryRevision,
    ConnectedTarget,
  ],
  features: (config) => [TargetsModule.register(config), InventoryModule, OperationsModule, QueriesModule],
};
