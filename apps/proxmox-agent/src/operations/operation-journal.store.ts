import type { OperationName } from '@proxmox-mpc/contracts';
import type { JournalEntry } from './journal-entry.entity';

/** Every read and write of `operation_journal`. */
export abstract class OperationJournalStore {
  /** The command's entry: the one its first delivery made, or a new one made `at`. */
  abstract open(commandId: string, operation: OperationName, target: string, at: Date): Promise<JournalEntry>;

  /** Saves the entry's values and steps. */
  abstract save(entry: JournalEntry, at: Date): Promise<void>;

  /** Deletes the entry of a command that ended. */
  abstract close(commandId: string): Promise<void>;
}
