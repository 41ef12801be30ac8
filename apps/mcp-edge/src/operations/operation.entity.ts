import {
  McpOperationStatusSchema,
  type CommandSubject,
  type DataOf,
  type ErrorCode,
  type Origin,
  type Subjects,
} from '@proxmox-mpc/contracts';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ApprovalAction } from '../approvals/approval-actions';

export const OPERATION_STATUSES = McpOperationStatusSchema.options;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** What the event that completed an operation said. */
export type OperationResult = DataOf<typeof Subjects.proxmoxOperationCompleted | typeof Subjects.iacApplied>;

export interface OperationError {
  code: ErrorCode;
  message: string;
}

/**
 * A command an MCP caller asked for (table `operations`): sent at once, or held for a
 * human's yes. The command itself is kept, so an approved operation is sent later with
 * the id it was promised under.
 */
@Entity({ name: 'operations' })
@Check(
  'operations_status_check',
  `status IN (${OPERATION_STATUSES.map((status) => `'${status}'`).join(', ')})`,
)
@Index('operations_awaiting', ['expiresAt'], { where: "status = 'awaiting-approval'" })
export class Operation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column('text')
  tool!: string;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  /** The cluster, when the call named one or the guest was found on one. */
  @Column('text', { nullable: true })
  target!: string | null;

  /** What happens, in an operator's words: "stop qemu 100 (web-01) on pve1". */
  @Column('text')
  summary!: string;

  @Column('text')
  status!: OperationStatus;

  @Column('text')
  subject!: CommandSubject;

  @Column('jsonb')
  data!: DataOf<CommandSubject>;

  @Column('jsonb')
  origin!: Origin;

  @Column({ name: 'approval_action', type: 'text', nullable: true })
  approvalAction!: ApprovalAction | null;

  /** Until when a held operation may be approved; null for one that was never held. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** The operator who decided, or the user who confirmed through elicitation. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('jsonb', { nullable: true })
  result!: OperationResult | null;

  @Column('jsonb', { nullable: true })
  error!: OperationError | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
