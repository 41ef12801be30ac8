import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StepRecord {
  name: string;
  state: 'started' | 'done';
  upid?: string;
  startedAt: string;
}

interface JournalRow {
  values: Record<string, unknown>;
  steps: StepRecord[];
}

/**
 * Where a command has got to, kept in PostgreSQL so a redelivered command resumes
 * instead of starting over: values chosen once (a new VMID) stay the same, finished
 * steps are skipped, and a step that was started is looked for in Proxmox's task list
 * before it is tried again. A redelivered create can never make a second guest.
 */
export class JournalEntry {
  constructor(
    private readonly dataSource: DataSource,
    readonly commandId: string,
    private readonly row: JournalRow,
  ) {}

  value<T>(key: string): T | undefined {
    return this.row.values[key] as T | undefined;
  }

  /** The value kept under `key`, or `choose()`'s, which is saved before it is used. */
  async keep<T>(key: string, choose: () => Promise<T>): Promise<T> {
    const kept = this.value<T>(key);
    if (kept !== undefined) return kept;
    const chosen = await choose();
    this.row.values[key] = chosen;
    await this.save();
    return chosen;
  }

  step(name: string): StepRecord | undefined {
    return this.row.steps.find((step) => step.name === name);
  }

  async started(name: string): Promise<void> {
    this.row.steps = [
      ...this.row.steps.filter((step) => step.name !== name),
      { name, state: 'started', startedAt: new Date().toISOString() },
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

  async close(): Promise<void> {
    await this.dataSource.query(`DELETE FROM operation_journal WHERE command_id = $1`, [this.commandId]);
  }

  private async save(): Promise<void> {
    await this.dataSource.query(
      `UPDATE operation_journal SET values = $2, steps = $3, updated_at = now() WHERE command_id = $1`,
      [this.commandId, JSON.stringify(this.row.values), JSON.stringify(this.row.steps)],
    );
  }
}

@Injectable()
export class OperationJournal {
  constructor(private readonly dataSource: DataSource) {}

  /** The command's entry, created on first delivery. */
  async open(commandId: string, operation: string, target: string): Promise<JournalEntry> {
    const rows: JournalRow[] = await this.dataSource.query(
      `INSERT INTO operation_journal (command_id, operation, target) VALUES ($1, $2, $3)
       ON CONFLICT (command_id) DO UPDATE SET updated_at = now()
       RETURNING values, steps`,
      [commandId, operation, target],
    );
    return new JournalEntry(this.dataSource, commandId, rows[0] as JournalRow);
  }
}
