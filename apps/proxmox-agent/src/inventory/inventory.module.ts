import { Module } from '@nestjs/common';
import { ExportInventoryUseCase } from './export-inventory.use-case';
import { GuestHistoryStore } from './guest-history.store';
import { GuestLocator } from './guest-locator';
import { InventoryChangesHandler } from './inventory-changes.handler';
import { InventoryFreshness } from './inventory-freshness';
import { InventoryQueriesHandler } from './inventory-queries.handler';
import { InventoryRecorder } from './inventory-recorder';
import { InventorySync } from './inventory-sync';
import { InventorySyncHandler } from './inventory-sync.handler';
import { InventoryView } from './inventory-view';
import { ListGuestsUseCase } from './list-guests.use-case';
import { ListNodesUseCase } from './list-nodes.use-case';
import { PostgresGuestHistoryStore } from './postgres-guest-history.store';
import { PostgresSyncStateStore } from './postgres-sync-state.store';
import { PostgresSyncedGuestStore } from './postgres-synced-guest.store';
import { PostgresSyncedNodeStore } from './postgres-synced-node.store';
import { PostgresTargetSyncLock } from './postgres-target-sync-lock';
import { RefreshGuestUseCase } from './refresh-guest.use-case';
import { StoredSummaries } from './stored-summaries';
import { SyncInventoryUseCase } from './sync-inventory.use-case';
import { SyncPassFactory } from './sync-pass-factory';
import { SyncStateStore } from './sync-state.store';
import { SyncedGuestStore } from './synced-guest.store';
import { SyncedNodeStore } from './synced-node.store';
import { TargetSyncLock } from './target-sync-lock';

/**
 * The synced copy of every target: kept current by InventorySync (started with the
 * application, stopped before the database closes), served as the node and guest lists,
 * and asked where a guest is (GuestLocator).
 */
@Module({
  controllers: [InventoryQueriesHandler, InventorySyncHandler, InventoryChangesHandler],
  providers: [
    { provide: SyncedGuestStore, useClass: PostgresSyncedGuestStore },
    { provide: SyncedNodeStore, useClass: PostgresSyncedNodeStore },
    { provide: GuestHistoryStore, useClass: PostgresGuestHistoryStore },
    { provide: SyncStateStore, useClass: PostgresSyncStateStore },
    { provide: TargetSyncLock, useClass: PostgresTargetSyncLock },
    InventoryView,
    StoredSummaries,
    InventoryRecorder,
    SyncPassFactory,
    SyncInventoryUseCase,
    RefreshGuestUseCase,
    InventorySync,
    InventoryFreshness,
    GuestLocator,
    ListGuestsUseCase,
    ListNodesUseCase,
    ExportInventoryUseCase,
  ],
  exports: [InventorySync, GuestLocator],
})
export class InventoryModule {}
