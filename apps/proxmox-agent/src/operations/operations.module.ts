import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { GuestOperationsHandler } from './guest-operations.handler';
import { JournalPurgeSchedule } from './journal-purge.schedule';
import { NodeOperationsHandler } from './node-operations.handler';
import { OperationJournalStore } from './operation-journal.store';
import { OperationRunner } from './operation-runner';
import { PostgresOperationJournalStore } from './postgres-operation-journal.store';
import { BusProgressReporter, ProgressReporter } from './progress-reporter';

@Module({
  imports: [InventoryModule],
  controllers: [GuestOperationsHandler, NodeOperationsHandler],
  providers: [
    OperationRunner,
    JournalPurgeSchedule,
    { provide: OperationJournalStore, useClass: PostgresOperationJournalStore },
    { provide: ProgressReporter, useClass: BusProgressReporter },
  ],
})
export class OperationsModule {}
