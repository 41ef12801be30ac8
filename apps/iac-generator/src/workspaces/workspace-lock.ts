import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Two-key advisory locks, apart from the one-key locks migrations take.
const LOCK_NAMESPACE = 'proxmox-mpc:workspace';

/**
 * One change at a time per workspace, across replicas (which share the workspace root):
 * a transaction-scoped PostgreSQL advisory lock held while the work runs.
 */
@Injectable()
export class WorkspaceLock {
  constructor(private readonly dataSource: DataSource) {}

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
