import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandTimeout, HandlerError, MessageBus, Outbox, type Outcome } from '@proxmox-mpc/bus';
import {
  Subjects,
  type ApprovalSummary,
  type CommandSubject,
  type DataOf,
  type ErrorCode,
  type Origin,
} from '@proxmox-mpc/contracts';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { DataSource, type EntityManager } from 'typeorm';
import type { McpEdgeConfig } from '../config';
import { ApprovalPolicy, type ApprovalAction } from './approval-policy';
import { fromRow, type OperationRecord, type OperationRow, type OperationStatus } from './operation-record';

/** A command a tool wants sent, with what a human needs to judge it. */
export interface OperationRequest<S extends CommandSubject = CommandSubject> {
  tool: string;
  subject: S;
  data: DataOf<S>;
  origin: Origin;
  /** What will happen, in an operator's words: "stop qemu 100 (web-01) on pve1". */
  summary: string;
  /** The cluster, resolved by name; absent when the call named none and the agent manages one. */
  target?: string;
  /** The policy action this request falls under, if any. */
  approvalAction?: ApprovalAction;
}

export interface SendOptions {
  timeoutMs: number;
  onProgress?: (progress: Outcome) => void;
  /** Who said yes when the request needed it (a user through elicitation). */
  approvedBy?: string;
}

// The events that end an operation well; any other outcome ends it as failed.
const COMPLETED_SUBJECTS = new Set<string>([Subjects.proxmoxOperationCompleted, Subjects.iacApplied]);

// Approvals that nobody decided are closed this often, so their status says so.
const EXPIRY_SWEEP_MS = 30_000;

/**
 * Operations started from MCP. A request is sent at once, or held until a human
 * approves it. Sending writes the operation and puts the command in the outbox in one
 * transaction, so a recorded operation always reaches the agent and nothing is sent
 * unrecorded. An approval releases the held command once: the release is a conditional
 * update that only a pending, unexpired operation passes, and never for its requester.
 */
@Injectable()
export class OperationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly policy: ApprovalPolicy;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: MessageBus,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: McpEdgeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.policy = new ApprovalPolicy(config.MCP_APPROVAL_POLICY);
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(
      () =>
        void this.expireDue().catch((error: unknown) =>
          this.logger.warn({ err: error }, 'approval sweep failed'),
        ),
      EXPIRY_SWEEP_MS,
    );
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  needsApproval(request: OperationRequest): boolean {
    return (
      request.approvalAction !== undefined && this.policy.requires(request.target, request.approvalAction)
    );
  }

  /**
   * Sends the command and waits up to `timeoutMs` for its outcome; after that the
   * operation keeps running and `status()` follows it.
   */
  async send(request: OperationRequest, options: SendOptions): Promise<OperationRecord> {
    const id = randomUUID();
    const command = this.bus.envelope(request.subject, request.data, request.origin, id);
    try {
      const outcome = await this.bus.awaitOutcome(request.subject, command, options, async () => {
        await this.dataSource.transaction(async (manager) => {
          await this.insert(manager, id, request, 'running', options.approvedBy);
          await this.outbox.enqueue(manager, request.subject, command);
        });
        await this.outbox.flush();
      });
      await this.recordOutcome(outcome);
    } catch (error) {
      if (!(error instanceof CommandTimeout)) throw error;
    }
    return this.require(id);
  }

  /** Holds the request until an operator decides; announces it for them. */
  async hold(request: OperationRequest): Promise<OperationRecord> {
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await this.insert(manager, id, request, 'awaiting-approval');
      const record = await this.find(id, manager);
      await this.outbox.enqueue(
        manager,
        Subjects.mcpApprovalRequested,
        this.bus.envelope(
          Subjects.mcpApprovalRequested,
          approvalSummary(record as OperationRecord),
          request.origin,
        ),
      );
    });
    await this.outbox.flush();
    return this.require(id);
  }

  /** An operator's decision. Refusals say why (unknown, own request, decided, expired). */
  async decide(
    id: string,
    decision: 'approve' | 'deny',
    decidedBy: string,
    reason?: string,
  ): Promise<OperationRecord> {
    const decided = await this.dataSource.transaction(async (manager) => {
      // (A CTE, because TypeORM hands back UPDATE results as [rows, count].)
      const rows: OperationRow[] = await manager.query(
        `WITH decided AS (
           UPDATE operations
              SET status = $2, decided_by = $3::text, decided_at = now(), reason = $4::text, updated_at = now()
            WHERE id = $1 AND status = 'awaiting-approval' AND expires_at > now() AND requested_by <> $3::text
            RETURNING *)
         SELECT * FROM decided`,
        [id, decision === 'approve' ? 'running' : 'denied', decidedBy, reason ?? null],
      );
      const row = rows[0];
      if (!row) return undefined;
      const record = fromRow(row);
      if (decision === 'approve') {
        // Sent now, with the id promised when it was held and the action's correlation id.
        const command = this.bus.envelope(record.subject, record.data as never, record.origin, record.id);
        await this.outbox.enqueue(manager, record.subject, command);
      }
      await this.outbox.enqueue(
        manager,
        Subjects.mcpApprovalDecided,
        this.bus.envelope(Subjects.mcpApprovalDecided, approvalSummary(record), {
          ...record.origin,
          actor: { kind: 'operator', id: decidedBy },
        }),
      );
      return record;
    });
    if (!decided) throw await this.refusal(id, decidedBy);
    await this.outbox.flush();
    return decided;
  }

  async status(id: string): Promise<OperationRecord | undefined> {
    return this.find(id);
  }

  async list(status?: OperationStatus): Promise<OperationRecord[]> {
    const rows: OperationRow[] = await this.dataSource.query(
      `SELECT * FROM operations WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC LIMIT 200`,
      [status ?? null],
    );
    return rows.map(fromRow);
  }

  /** Records how a sent operation ended (called by the outcome consumer and by `send`). */
  async recordOutcome(outcome: Outcome): Promise<void> {
    const id = outcome.envelope.causationId;
    if (!id) return;
    const data = outcome.envelope.data as Record<string, unknown>;
    const completed = COMPLETED_SUBJECTS.has(outcome.subject);
    await this.dataSource.query(
      `UPDATE operations SET status = $2, result = $3, error = $4, updated_at = now() WHERE id = $1 AND status = 'running'`,
      [
        id,
        completed ? 'completed' : 'failed',
        completed ? JSON.stringify(data) : null,
        completed ? null : JSON.stringify({ code: data.code as ErrorCode, message: String(data.message) }),
      ],
    );
  }

  /** Closes approvals nobody decided in time. */
  async expireDue(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OperationRow[] = await manager.query(
        `WITH expired AS (
           UPDATE operations SET status = 'expired', updated_at = now()
            WHERE status = 'awaiting-approval' AND expires_at <= now() RETURNING *)
         SELECT * FROM expired`,
      );
      for (const row of rows) {
        const record = fromRow(row);
        await this.outbox.enqueue(
          manager,
          Subjects.mcpApprovalDecided,
          this.bus.envelope(Subjects.mcpApprovalDecided, approvalSummary(record), record.origin),
        );
      }
      return rows.length;
    });
  }

  private async insert(
    manager: EntityManager,
    id: string,
    request: OperationRequest,
    status: OperationStatus,
    approvedBy?: string,
  ): Promise<void> {
    const held = status === 'awaiting-approval';
    await manager.query(
      `INSERT INTO operations (id, correlation_id, tool, requested_by, target, summary, status, subject, data, origin,
                               approval_action, expires_at, decided_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
               CASE WHEN $12::boolean THEN now() + make_interval(secs => $13::numeric / 1000.0) END,
               $14::text, CASE WHEN $14::text IS NULL THEN NULL ELSE now() END)`,
      [
        id,
        request.origin.correlationId,
        request.tool,
        request.origin.actor.id,
        request.target ?? null,
        request.summary,
        status,
        request.subject,
        JSON.stringify(request.data),
        JSON.stringify(request.origin),
        request.approvalAction ?? null,
        held,
        this.config.MCP_APPROVAL_TTL_MS,
        approvedBy ?? null,
      ],
    );
  }

  private async find(
    id: string,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<OperationRecord | undefined> {
    const rows: OperationRow[] = await manager.query(`SELECT * FROM operations WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  private async require(id: string): Promise<OperationRecord> {
    const record = await this.find(id);
    if (!record) throw new Error(`operation ${id} vanished`);
    return record;
  }

  private async refusal(id: string, decidedBy: string): Promise<HandlerError> {
    const record = await this.find(id);
    if (!record) return new HandlerError('NOT_FOUND', `no approval ${id}`, false);
    if (record.requestedBy === decidedBy) {
      return new HandlerError(
        'FORBIDDEN',
        `${decidedBy} asked for this operation and cannot approve it`,
        false,
      );
    }
    if (record.status !== 'awaiting-approval') {
      return new HandlerError(
        'CONFLICT',
        `approval ${id} is already ${approvalStatus(record.status)}`,
        false,
      );
    }
    return new HandlerError('EXPIRED', `approval ${id} expired at ${record.expiresAt?.toISOString()}`, false);
  }
}

function approvalStatus(status: OperationStatus): ApprovalSummary['status'] {
  if (status === 'awaiting-approval') return 'pending';
  if (status === 'denied' || status === 'expired') return status;
  return 'approved';
}

export function approvalSummary(record: OperationRecord): ApprovalSummary {
  return {
    approvalId: record.id,
    tool: record.tool,
    summary: record.summary,
    ...(record.target ? { target: record.target } : {}),
    requestedBy: record.requestedBy,
    status: approvalStatus(record.status),
    createdAt: record.createdAt.toISOString(),
    expiresAt: (record.expiresAt ?? record.createdAt).toISOString(),
    ...(record.decidedBy ? { decidedBy: record.decidedBy } : {}),
  };
}
