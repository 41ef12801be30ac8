import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { GetGuestUseCase } from './get-guest.use-case';
import { GetPermissionsUseCase } from './get-permissions.use-case';
import { GuestGetHandler } from './guest-get.handler';
import { ListSnapshotsUseCase } from './list-snapshots.use-case';
import { ListStorageUseCase } from './list-storage.use-case';
import { ListTasksUseCase } from './list-tasks.use-case';
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
  providers: [
    GetGuestUseCase,
    ListTasksUseCase,
    ListStorageUseCase,
    ListSnapshotsUseCase,
    GetPermissionsUseCase,
  ],
})
export class QueriesModule {}
