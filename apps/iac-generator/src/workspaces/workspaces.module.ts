import { Module } from '@nestjs/common';
import { InventoryReader } from '@proxmox-mpc/iac';
import { WorkspaceFilesHandler } from './workspace-files.handler';
import { WorkspaceHandler } from './workspace.handler';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore } from './workspace-store';

@Module({
  controllers: [WorkspaceHandler, WorkspaceFilesHandler],
  providers: [WorkspaceStore, WorkspaceLock, InventoryReader],
  exports: [WorkspaceStore, WorkspaceLock, InventoryReader],
})
export class WorkspacesModule {}
