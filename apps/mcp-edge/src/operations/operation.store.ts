import type { Transaction } from '@proxmox-mpc/persistence';
import type { Operation, OperationError, OperationResult, OperationStatus } from './operation.entity';

/** How a running operation ended. */
export type OperationEnding =
  { status: 'completed'; result: OperationResult } | { status: 'failed'; error: OperationError };

/** An operator's decision on a held operation: released to run, or denied. */
export interface OperationDecision {
  status: 'running' | 'denied';
  decidedBy: string;
  reason: string | null;
  at: Date;
}

/**
 * Every read and write of `operations`. The conditional writes are atomic, so two
 * replicas (or two operators) can never both end or decide the same operation.
 */
export abstract class OperationStore {
  abstract insert(operation: Operation, tx?: Transaction): Promise<void>;

  abstract find(id: string, tx?: Transaction): Promise<Operation | undefined>;

  /** Newest first, at most `limit`. */
  abstract list(status: OperationStatus, limit: number): Promise<Operation[]>;

  /** Records how a running operation ended; nothing when it is not running (it ended already). */
  abstract end(id: string, ending: OperationEnding, at: Date): Promise<void>;

  /**
   * Decides the operation if it awaits approval, its approval has not expired at
   * `decision.at`, and `decision.decidedBy` did not request it; undefined otherwise.
   */
  abstract decide(id: string, decision: OperationDecision, tx: Transaction): Promise<Operation | undefined>;

  /** Marks expired every operation whose approval ran out by `at`, and hands them back. */
  abstract expireDue(at: Date, tx: Transaction): Promise<Operation[]>;
}
