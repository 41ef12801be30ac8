import { Module } from '@nestjs/common';
import { InventoryFreshness } from './inventory-freshness';
import { InventoryQueriesHandler } from './inventory-queries.handler';
import { InventorySync } from './inventory-sync';
import { InventoryRepository } from './inventory.repository';

/**
 * The synced copy of every target: kept current by InventorySync (started with the
 * application, stopped before the database closes), read through InventoryRepository,
 * and served as the node and guest lists.
 */
@Module({
  controllers: [InventoryQueriesHandler],
  providers: [InventoryRepository, InventorySync, InventoryFreshness],
  exports: [InventoryRepository, InventorySync, InventoryFreshness],
})
export class InventoryModule {}
