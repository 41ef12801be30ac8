import { DataSource, type EntityManager } from 'typeorm';

/**
 * An open transaction. Use cases only pass it on, to the stores and the outbox that must
 * commit together; only PostgreSQL stores look inside.
 */
export interface Transaction {
  readonly manager?: EntityManager;
}

/** Runs work in one transaction: everything written through `tx` commits, or none of it. */
export abstract class Transactions {
  abstract run<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}

export class PostgresTransactions extends Transactions {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work({ manager }));
  }
}

/** For unit tests with in-memory stores: there is nothing to commit or roll back. */
export class InMemoryTransactions extends Transactions {
  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return work({});
  }
}

/** The EntityManager a PostgreSQL store writes through: the transaction's, or the pool's. */
export function managerOf(dataSource: DataSource, tx?: Transaction): EntityManager {
  return tx?.manager ?? dataSource.manager;
}
