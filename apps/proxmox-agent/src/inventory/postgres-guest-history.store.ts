import { Injectable } from '@nestjs/common';
import { JsonRecordset, managerOf, type Transaction } from '@proxmox-mpc/persistence';
import { DataSource } from 'typeorm';
import { GuestHistoryEntry } from './guest-history-entry.entity';
import { GuestHistoryStore } from './guest-history.store';

type NewEntry = Omit<GuestHistoryEntry, 'id'>;

@Injectable()
export class PostgresGuestHistoryStore extends GuestHistoryStore {
  private readonly entries: JsonRecordset<NewEntry>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.entries = new JsonRecordset(dataSource.getMetadata(GuestHistoryEntry), [
      'target',
      'vmid',
      'kind',
      'changes',
      'snapshot',
      'changedAt',
    ]);
  }

  async append(entries: readonly NewEntry[], tx: Transaction): Promise<void> {
    if (entries.length === 0) return;
    const rows = this.entries;
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO inventory_guest_history (${rows.columnNames}) SELECT ${rows.values} FROM ${rows.from(1)}`,
      [rows.parameter(entries)],
    );
  }
}
