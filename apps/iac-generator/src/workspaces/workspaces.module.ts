import { Module } from '@nestjs/common';
import { BusInventoryReader, InventoryReader } from '@proxmox-mpc/iac';
import { GitWorkspaceStore } from './git-workspace.store';
import { ImportInventoryUseCase } from './import-inventory.use-case';
import { InitWorkspaceUseCase } from './init-workspace.use-case';
import { ListWorkspacesUseCase } from './list-workspaces.use-case';
import { PlanGuestsUseCase } from './plan-guests.use-case';
import { PostgresWorkspaceLock } from './postgres-workspace-lock';
import { ReadWorkspaceUseCase } from './read-workspace.use-case';
import { WorkspaceFilesHandler } from './workspace-files.handler';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceHandler } from './workspace.handler';
import { WorkspaceStore } from './workspace.store';

const ports = [
  { provide: WorkspaceStore, useClass: GitWorkspaceStore },
  { provide: WorkspaceLock, useClass: PostgresWorkspaceLock },
  { provide: InventoryReader, useClass: BusInventoryReader },
];

@Module({
  controllers: [WorkspaceHandler, WorkspaceFilesHandler],
  providers: [
    ...ports,
    InitWorkspaceUseCase,
    ImportInventoryUseCase,
    PlanGuestsUseCase,
    ListWorkspacesUseCase,
    ReadWorkspaceUseCase,
  ],
  exports: [WorkspaceStore, WorkspaceLock, InventoryReader],
})
export class WorkspacesModule {}
