import type { OperationName } from '@proxmox-mpc/contracts';
import type { JournalEntry } from './journal-entry.entity';

/** Every read and write of `operation_journal`. */
export abstract class OperationJournalStore {
  /** The command's entry: the one its first delivery made, or a new one made `at`. */
  abstract open(commandId: string, operation: OperationName, target: string, at: Date): Promise<JournalEntry>;

  /** Saves the entry's values and steps. */
  abstract save(entry: JournalEntry, at: Date): Promise<void>;

  /**
   * Deletes the entries last written before `at`. An ended command's entry is kept until
   * then, not deleted when it ends: its events commit after it ends, and a redelivery after
   * that commit failed must find every step done rather than start them again.
   */
  abstract purgeBefore(at: Date): Promise<number>;
}
