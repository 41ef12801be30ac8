import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import type { Operation } from './operation.entity';
import { OperationStore } from './operation.store';

export interface FollowOperation {
  operationId: string;
  /** Who asks: the caller who started it sees it, and so does an admin. */
  actorId: string;
  admin: boolean;
}

/**
 * Where an operation stands. Another caller's operation is refused as unknown, so its
 * id tells nobody else that it exists.
 */
@Injectable()
export class FollowOperationUseCase {
  constructor(private readonly operations: OperationStore) {}

  async execute({ operationId, actorId, admin }: FollowOperation): Promise<Operation> {
    const operation = await this.operations.find(operationId);
    if (!operation || (operation.requestedBy !== actorId && !admin)) {
      throw new HandlerError('NOT_FOUND', `no operation ${operationId} of yours`, false);
    }
    return operation;
  }
}
