import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkspaceLock } from './workspace-lock';

// Two-key advisory locks, apart from the one-key locks migrations take.
const LOCK_NAMESPACE = 'proxmox-mpc:workspace';

/**
 * A transaction-scoped PostgreSQL advisory lock held while the work runs: replicas share
 * the workspace root, and the database is what they all see.
 */
@Injectable()
export class PostgresWorkspaceLock extends WorkspaceLock {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  hold<T>(workspace: string, work: () => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [
        LOCK_NAMESPACE,
        workspace,
      ]);
      return work();
    });
  }
}
