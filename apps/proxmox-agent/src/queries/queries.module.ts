import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { GuestGetHandler } from './guest-get.handler';
import { PermissionsGetHandler } from './permissions-get.handler';
import { SnapshotsListHandler } from './snapshots-list.handler';
import { StorageListHandler } from './storage-list.handler';
import { TasksListHandler } from './tasks-list.handler';

/** Reads answered live from Proxmox (lists of nodes and guests come from the inventory). */
@Module({
  imports: [InventoryModule],
  controllers: [
    GuestGetHandler,
    TasksListHandler,
    StorageListHandler,
    SnapshotsListHandler,
    PermissionsGetHandler,
  ],
})
export class QueriesModule {}
