import { Operation, type OperationStatus } from './operation.entity';
import { OperationStore, type OperationDecision, type OperationEnding } from './operation.store';

/** `operations` in an array, for unit tests of the use cases. */
export class InMemoryOperationStore extends OperationStore {
  readonly rows: Operation[] = [];

  async insert(operation: Operation): Promise<void> {
    this.rows.push(Object.assign(new Operation(), operation));
  }

  async find(id: string): Promise<Operation | undefined> {
    return this.rows.find((operation) => operation.id === id);
  }

  async list(status: OperationStatus, limit: number): Promise<Operation[]> {
    return this.rows
      .filter((operation) => operation.status === status)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit);
  }

  async end(id: string, ending: OperationEnding, at: Date): Promise<void> {
    const operation = await this.find(id);
    if (operation?.status !== 'running') return;
    Object.assign(operation, { result: null, error: null, ...ending, updatedAt: at });
  }

  async decide(id: string, decision: OperationDecision): Promise<Operation | undefined> {
    const { at, ...decided } = decision;
    const operation = this.rows.find(
      (candidate) =>
        candidate.id === id &&
        candidate.status === 'awaiting-approval' &&
        candidate.expiresAt !== null &&
        candidate.expiresAt > at &&
        candidate.requestedBy !== decision.decidedBy,
    );
    return operation && Object.assign(operation, { ...decided, decidedAt: at, updatedAt: at });
  }

  async expireDue(at: Date): Promise<Operation[]> {
    return this.rows
      .filter(
        (operation) =>
          operation.status === 'awaiting-approval' &&
          operation.expiresAt !== null &&
          operation.expiresAt <= at,
      )
      .map((operation) => Object.assign(operation, { status: 'expired' as const, updatedAt: at }));
  }
}
