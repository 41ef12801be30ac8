import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { FirewallGetHandler } from './firewall-get.handler';
import { GetFirewallUseCase } from './get-firewall.use-case';
import { GetGuestUseCase } from './get-guest.use-case';
import { GetHaStatusUseCase } from './get-ha-status.use-case';
import { GetMetricsUseCase } from './get-metrics.use-case';
import { GetNodeStatusUseCase } from './get-node-status.use-case';
import { GetPendingChangesUseCase } from './get-pending-changes.use-case';
import { GetPermissionsUseCase } from './get-permissions.use-case';
import { GetVolumeUseCase } from './get-volume.use-case';
import { GuestGetHandler } from './guest-get.handler';
import { GuestPendingHandler } from './guest-pending.handler';
import { HaStatusHandler } from './ha-status.handler';
import { ListSnapshotsUseCase } from './list-snapshots.use-case';
import { ListStorageUseCase } from './list-storage.use-case';
import { ListTasksUseCase } from './list-tasks.use-case';
import { LogReadHandler } from './log-read.handler';
import { MetricsGetHandler } from './metrics-get.handler';
import { NodeStatusHandler } from './node-status.handler';
import { PermissionsGetHandler } from './permissions-get.handler';
import { ReadLogUseCase } from './read-log.use-case';
import { SnapshotsListHandler } from './snapshots-list.handler';
import { StorageListHandler } from './storage-list.handler';
import { TasksListHandler } from './tasks-list.handler';
import { VolumeGetHandler } from './volume-get.handler';

/** Reads answered live from Proxmox (lists of nodes and guests come from the inventory). */
@Module({
  imports: [InventoryModule],
  controllers: [
    GuestGetHandler,
    TasksListHandler,
    StorageListHandler,
    SnapshotsListHandler,
    PermissionsGetHandler,
    NodeStatusHandler,
    MetricsGetHandler,
    FirewallGetHandler,
    LogReadHandler,
    VolumeGetHandler,
    GuestPendingHandler,
    HaStatusHandler,
  ],
  providers: [
    GetGuestUseCase,
    ListTasksUseCase,
    ListStorageUseCase,
    ListSnapshotsUseCase,
    GetPermissionsUseCase,
    GetNodeStatusUseCase,
    GetMetricsUseCase,
    GetFirewallUseCase,
    ReadLogUseCase,
    GetVolumeUseCase,
    GetPendingChangesUseCase,
    GetHaStatusUseCase,
  ],
})
export class QueriesModule {}
