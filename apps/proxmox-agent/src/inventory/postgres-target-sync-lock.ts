import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TargetSyncLock, type HeldTargetLock } from './target-sync-lock';

// Two-key advisory locks live apart from the one-key locks other code takes (migrations).
const LOCK_NAMESPACE = 'proxmox-mpc:inventory';

/**
 * A session-level PostgreSQL advisory lock, held on a dedicated connection for as long
 * as the replica writes that target's inventory. If the replica dies, PostgreSQL drops
 * the lock with the connection.
 */
@Injectable()
export class PostgresTargetSyncLock extends TargetSyncLock {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

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
      if (!held) return undefined;
      return {
        release: async () => {
          try {
            await runner.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, [
              LOCK_NAMESPACE,
              target,
            ]);
          } finally {
            await runner.release();
          }
        },
      };
    } finally {
      if (!held) await runner.release();
    }
  }
}
