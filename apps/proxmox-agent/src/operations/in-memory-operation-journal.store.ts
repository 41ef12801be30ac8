import type { OperationName } from '@proxmox-mpc/contracts';
import { JournalEntry } from './journal-entry.entity';
import { OperationJournalStore } from './operation-journal.store';

/** `operation_journal` in an array, for unit tests of operations. */
export class InMemoryOperationJournalStore extends OperationJournalStore {
  readonly rows: JournalEntry[] = [];

  async open(commandId: string, operation: OperationName, target: string, at: Date): Promise<JournalEntry> {
    let row = this.rows.find((entry) => entry.commandId === commandId);
    if (row) row.updatedAt = at;
    else {
      row = Object.assign(new JournalEntry(), {
        commandId,
        operation,
        target,
        values: {},
        steps: [],
        createdAt: at,
        updatedAt: at,
      });
      this.rows.push(row);
    }
    return Object.assign(new JournalEntry(), structuredClone(row));
  }

  async save(entry: JournalEntry, at: Date): Promise<void> {
    const row = this.rows.find((candidate) => candidate.commandId === entry.commandId);
    if (row)
      Object.assign(row, {
        values: structuredClone(entry.values),
        steps: structuredClone(entry.steps),
        updatedAt: at,
      });
  }

  async purgeBefore(at: Date): Promise<number> {
    const kept = this.rows.filter((entry) => entry.updatedAt >= at);
    const purged = this.rows.length - kept.length;
    this.rows.splice(0, this.rows.length, ...kept);
    return purged;
  }
}
