import { Injectable } from '@nestjs/common';
import { managerOf, type Transaction } from '@proxmox-mpc/persistence';
import { DataSource, In, LessThanOrEqual, MoreThan, Not, type Repository } from 'typeorm';
import { Operation, type OperationStatus } from './operation.entity';
import { OperationStore, type OperationDecision, type OperationEnding } from './operation.store';

@Injectable()
export class PostgresOperationStore extends OperationStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async insert(operation: Operation, tx?: Transaction): Promise<void> {
    await this.operations(tx).insert(operation);
  }

  async find(id: string, tx?: Transaction): Promise<Operation | undefined> {
    return (await this.operations(tx).findOneBy({ id })) ?? undefined;
  }

  list(status: OperationStatus, limit: number): Promise<Operation[]> {
    return this.operations().find({ where: { status }, order: { createdAt: 'DESC' }, take: limit });
  }

  async end(id: string, ending: OperationEnding, at: Date): Promise<void> {
    // One conditional UPDATE: the outcome consumer and the waiting tool call may both record it.
    await this.operations().update(
      { id, status: 'running' },
      { result: null, error: null, ...ending, updatedAt: at },
    );
  }

  async decide(id: string, decision: OperationDecision, tx: Transaction): Promise<Operation | undefined> {
    const { at, ...decided } = decision;
    const operations = this.operations(tx);
    // Locked in the caller's transaction: a second decision waits, then no longer matches.
    const operation = await operations.findOne({
      where: {
        id,
        status: 'awaiting-approval',
        expiresAt: MoreThan(at),
        requestedBy: Not(decision.decidedBy),
      },
      lock: { mode: 'pessimistic_write' },
    });
    if (!operation) return undefined;
    const changes = { ...decided, decidedAt: at, updatedAt: at };
    await operations.update({ id }, changes);
    return Object.assign(operation, changes);
  }

  async expireDue(at: Date, tx: Transaction): Promise<Operation[]> {
    const operations = this.operations(tx);
    // Locked like a decision, so an approval and the sweep cannot both close one operation.
    const due = await operations.find({
      where: { status: 'awaiting-approval', expiresAt: LessThanOrEqual(at) },
      lock: { mode: 'pessimistic_write' },
    });
    if (due.length === 0) return [];
    const changes = { status: 'expired' as const, updatedAt: at };
    await operations.update({ id: In(due.map((operation) => operation.id)) }, changes);
    return due.map((operation) => Object.assign(operation, changes));
  }

  private operations(tx?: Transaction): Repository<Operation> {
    return managerOf(this.dataSource, tx).getRepository(Operation);
  }
}
