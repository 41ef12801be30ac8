import { Module } from '@nestjs/common';
import { GuestLocator } from './guest-locator';
import { InventoryFreshness } from './inventory-freshness';
import { InventoryQueriesHandler } from './inventory-queries.handler';
import { InventorySync } from './inventory-sync';
import { InventoryRepository } from './inventory.repository';

/**
 * The synced copy of every target: kept current by InventorySync (started with the
 * application, stopped before the database closes), read through InventoryRepository,
 * served as the node and guest lists, and asked where a guest is (GuestLocator).
 */
@Module({
  controllers: [InventoryQueriesHandler],
  providers: [InventoryRepository, InventorySync, InventoryFreshness, GuestLocator],
  exports: [InventoryRepository, InventorySync, InventoryFreshness, GuestLocator],
})
export class InventoryModule {}
