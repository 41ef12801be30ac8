import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

// Two-key advisory locks live apart from the one-key locks other code takes (migrations).
const LOCK_NAMESPACE = 'proxmox-mpc:inventory';

/**
 * One syncing replica per target: a session-level PostgreSQL advisory lock, held on a
 * dedicated connection for as long as the replica writes that target's inventory. If
 * the replica dies, PostgreSQL drops the lock with the connection.
 */
export class TargetSyncLock {
  constructor(private readonly dataSource: DataSource) {}

  /** The lock if it is free now; undefined while another session holds it. */
  async tryAcquire(target: string): Promise<HeldTargetLock | undefined> {
    const runner = this.dataSource.createQueryRunner();
    let held = false;
    try {
      await runner.connect();
      const [row] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked`, [
        LOCK_NAMESPACE,
        target,
      ]);
      held = (row as { locked: boolean }).locked;
      return held ? new HeldTargetLock(runner, target) : undefined;
    } finally {
      if (!held) await runner.release();
    }
  }
}

export class HeldTargetLock {
  constructor(
    private readonly runner: QueryRunner,
    private readonly target: string,
  ) {}

  /** Runs SQL on the lock's own connection; its transactions are the pass's transactions. */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  async release(): Promise<void> {
    try {
      await this.runner.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, [
        LOCK_NAMESPACE,
        this.target,
      ]);
    } finally {
      await this.runner.release();
    }
  }
}
