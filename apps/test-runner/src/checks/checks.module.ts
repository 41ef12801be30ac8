import { Module } from '@nestjs/common';
import { InventoryReader } from '@proxmox-mpc/iac';
import { WorkspaceTestsHandler } from './workspace-tests.handler';

@Module({ controllers: [WorkspaceTestsHandler], providers: [InventoryReader] })
export class ChecksModule {}
