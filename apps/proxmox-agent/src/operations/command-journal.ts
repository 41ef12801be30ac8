import type { OperationName } from '@proxmox-mpc/contracts';
import type { Clock } from '@proxmox-mpc/service-runtime';
import type { JournalEntry, JournalValue, StepRecord } from './journal-entry.entity';
import type { OperationJournalStore } from './operation-journal.store';

/**
 * Where one command has got to, saved after every change so a redelivered command
 * resumes instead of starting over: values chosen once (a new VMID) stay the same,
 * finished steps are skipped, and a step that was started is looked for in Proxmox's
 * task list before it is tried again. A redelivered create can never make a second guest.
 */
export class CommandJournal {
  private constructor(
    private readonly store: OperationJournalStore,
    private readonly entry: JournalEntry,
    private readonly clock: Clock,
  ) {}

  /** The journal of command `commandId`: as its first delivery left it, or new. */
  static async open(
    store: OperationJournalStore,
    clock: Clock,
    command: { commandId: string; operation: OperationName; target: string },
  ): Promise<CommandJournal> {
    const entry = await store.open(command.commandId, command.operation, command.target, clock.now());
    return new CommandJournal(store, entry, clock);
  }

  /** The value kept under `key`, or `choose()`'s, which is saved before it is used. */
  async keep<T extends JournalValue>(key: string, choose: () => Promise<T>): Promise<T> {
    const kept = this.entry.values[key] as T | undefined;
    if (kept !== undefined) return kept;
    const chosen = await choose();
    this.entry.values[key] = chosen;
    await this.save();
    return chosen;
  }

  step(name: string): StepRecord | undefined {
    return this.entry.steps.find((step) => step.name === name);
  }

  async started(name: string): Promise<void> {
    this.entry.steps = [
      ...this.entry.steps.filter((step) => step.name !== name),
      { name, state: 'started', startedAt: this.clock.now().toISOString() },
    ];
    await this.save();
  }

  async taskStarted(name: string, upid: string): Promise<void> {
    const step = this.step(name);
    if (step) step.upid = upid;
    await this.save();
  }

  async done(name: string): Promise<void> {
    const step = this.step(name);
    if (step) step.state = 'done';
    await this.save();
  }

  private save(): Promise<void> {
    return this.store.save(this.entry, this.clock.now());
  }
}
