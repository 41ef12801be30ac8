import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, type Outcome } from '@proxmox-mpc/bus';
import { Transactions } from '@proxmox-mpc/persistence';
import { Clock, SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { McpEdgeConfig } from '../config';
import { CommandOutcomes } from './command-outcomes';
import type { Operation } from './operation.entity';
import { operationOf, type OperationRequest } from './operation-request';
import { OperationStore } from './operation.store';
import { RecordOperationOutcomeUseCase } from './record-operation-outcome.use-case';

export interface SendOptions {
  /** The user who confirmed the operation through elicitation, when the policy asked for it. */
  confirmedBy?: string;
  /** Progress events of the command, as they arrive. */
  onProgress?: (progress: Outcome) => void;
}

/**
 * Sends an operation's command and waits up to MCP_TOOL_TIMEOUT_MS for its outcome; after
 * that the operation keeps running and `FollowOperationUseCase` follows it. The operation
 * is written and its command put in the outbox in one transaction, so a recorded
 * operation always reaches its service and nothing is sent unrecorded.
 */
@Injectable()
export class SendOperationUseCase {
  constructor(
    private readonly operations: OperationStore,
    private readonly outcomes: CommandOutcomes,
    private readonly recordOutcome: RecordOperationOutcomeUseCase,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<McpEdgeConfig, 'MCP_TOOL_TIMEOUT_MS'>,
  ) {}

  async execute(request: OperationRequest, options: SendOptions = {}): Promise<Operation> {
    const { confirmedBy, onProgress } = options;
    const operation = operationOf(
      request,
      { status: 'running', ...(confirmedBy ? { confirmedBy } : {}) },
      this.clock.now(),
    );
    const outcome = await this.outcomes.waitFor(
      request.subject,
      operation,
      { timeoutMs: this.config.MCP_TOOL_TIMEOUT_MS, ...(onProgress ? { onProgress } : {}) },
      async () => {
        await this.transactions.run(async (tx) => {
          await this.operations.insert(operation, tx);
          await this.outbox.add(tx, request.subject, request.data, request.origin, operation.id);
        });
        await this.outbox.flush();
      },
    );
    if (outcome) await this.recordOutcome.execute(outcome);
    const sent = await this.operations.find(operation.id);
    if (!sent) throw new Error(`operation ${operation.id} vanished after it was sent`);
    return sent;
  }
}
