import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { GuestOperationsHandler } from './guest-operations.handler';
import { OperationJournal } from './operation-journal';
import { OperationRunner } from './operation-runner';

@Module({
  imports: [InventoryModule],
  controllers: [GuestOperationsHandler],
  providers: [OperationRunner, OperationJournal],
})
export class OperationsModule {}
