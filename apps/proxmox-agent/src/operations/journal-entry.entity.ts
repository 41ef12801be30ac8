import type { OperationName } from '@proxmox-mpc/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type JournalValue = number | string;

/** How far one step of an operation got. */
export interface StepRecord {
  name: string;
  state: 'started' | 'done';
  /** The UPID of the task the step started, once Proxmox answered. */
  upid?: string;
  startedAt: string;
}

/**
 * Where a command has got to (table `operation_journal`): values chosen once (a new
 * VMID) and each step's progress, until the operation ends and the entry is deleted.
 */
@Entity({ name: 'operation_journal' })
export class JournalEntry {
  /** The command envelope's id: a redelivery finds the entry of its first delivery. */
  @PrimaryColumn({ name: 'command_id', type: 'text' })
  commandId!: string;

  @Column('text')
  operation!: OperationName;

  @Column('text')
  target!: string;

  /** Values chosen once and reused by a redelivery, such as a new guest's VMID. */
  @Column('jsonb', { default: () => "'{}'" })
  values!: Record<string, JournalValue>;

  @Column('jsonb', { default: () => "'[]'" })
  steps!: StepRecord[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
