import { Injectable } from '@nestjs/common';
import type { OperationName } from '@proxmox-mpc/contracts';
import { DataSource, LessThan } from 'typeorm';
import { JournalEntry } from './journal-entry.entity';
import { OperationJournalStore } from './operation-journal.store';

@Injectable()
export class PostgresOperationJournalStore extends OperationJournalStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async open(commandId: string, operation: OperationName, target: string, at: Date): Promise<JournalEntry> {
    const entries = this.entries();
    // A redelivery finds the first delivery's entry and only marks it touched.
    await entries
      .createQueryBuilder()
      .insert()
      .values({ commandId, operation, target, createdAt: at, updatedAt: at })
      .orUpdate(['updated_at'], ['command_id'])
      .updateEntity(false)
      .execute();
    return entries.findOneByOrFail({ commandId });
  }

  async save(entry: JournalEntry, at: Date): Promise<void> {
    await this.entries().update(
      { commandId: entry.commandId },
      { values: entry.values, steps: entry.steps, updatedAt: at },
    );
  }

  async purgeBefore(at: Date): Promise<number> {
    const result = await this.entries().delete({ updatedAt: LessThan(at) });
    return result.affected ?? 0;
  }

  private entries() {
    return this.dataSource.getRepository(JournalEntry);
  }
}
