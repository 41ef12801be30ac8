import { Module } from '@nestjs/common';
import { InventoryReader } from '@proxmox-mpc/iac';
import { WorkspaceHandler } from './workspace.handler';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore } from './workspace-store';

@Module({
  controllers: [WorkspaceHandler],
  providers: [WorkspaceStore, WorkspaceLock, InventoryReader],
  exports: [WorkspaceStore, WorkspaceLock, InventoryReader],
})
export class WorkspacesModule {}
