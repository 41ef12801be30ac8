import { Injectable } from '@nestjs/common';
import type { McpOperationSummary } from '@proxmox-mpc/contracts';
import type { Operation, OperationStatus } from './operation.entity';
import { OperationStore } from './operation.store';

// What one screen of a console shows; the count of running operations stays far below.
const DEFAULT_LIMIT = 50;

/** Operations in one state, newest first, as an operator sees them. */
@Injectable()
export class ListOperationsUseCase {
  constructor(private readonly operations: OperationStore) {}

  async execute(status: OperationStatus, limit = DEFAULT_LIMIT): Promise<McpOperationSummary[]> {
    return (await this.operations.list(status, limit)).map(operationSummaryOf);
  }
}

function operationSummaryOf(operation: Operation): McpOperationSummary {
  return {
    operationId: operation.id,
    tool: operation.tool,
    summary: operation.summary,
    status: operation.status,
    ...(operation.target ? { target: operation.target } : {}),
    requestedBy: operation.requestedBy,
    correlationId: operation.correlationId,
    createdAt: operation.createdAt.toISOString(),
    updatedAt: operation.updatedAt.toISOString(),
    ...(operation.decidedBy ? { decidedBy: operation.decidedBy } : {}),
    ...(operation.error ? { error: operation.error } : {}),
  };
}
