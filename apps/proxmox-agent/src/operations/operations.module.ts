import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { GuestLocator } from './guest-locator';
import { GuestOperationsHandler } from './guest-operations.handler';
import { OperationJournal } from './operation-journal';
import { OperationRunner } from './operation-runner';

@Module({
  imports: [InventoryModule],
  controllers: [GuestOperationsHandler],
  providers: [OperationRunner, OperationJournal, GuestLocator],
})
export class OperationsModule {}
