import { Injectable } from '@nestjs/common';
import { managerOf, type Transaction } from '@proxmox-mpc/persistence';
import { DataSource } from 'typeorm';
import { InventoryRevision } from './inventory-revision.entity';
import { SyncState } from './sync-state.entity';
import { SyncStateStore } from './sync-state.store';

const RECORDED = ['last_sync_at', 'last_mode', 'guests', 'unreachable_nodes'];

@Injectable()
export class PostgresSyncStateStore extends SyncStateStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async find(target: string): Promise<SyncState | undefined> {
    return (await this.states().findOneBy({ target })) ?? undefined;
  }

  async revision(target: string): Promise<number> {
    const row = await managerOf(this.dataSource).getRepository(InventoryRevision).findOneBy({ target });
    return row?.revision ?? 0;
  }

  async advance(target: string, tx: Transaction): Promise<number> {
    const [row] = await managerOf(this.dataSource, tx).query(
      `INSERT INTO inventory_revisions (target, revision) VALUES ($1, 1)
       ON CONFLICT (target) DO UPDATE SET revision = inventory_revisions.revision + 1
       RETURNING revision`,
      [target],
    );
    return Number((row as { revision: string }).revision);
  }

  async record(state: SyncState, tx: Transaction): Promise<void> {
    await this.states(tx)
      .createQueryBuilder()
      .insert()
      .values(state)
      // An incremental pass leaves the time of the last full one as it was.
      .orUpdate(state.lastFullSyncAt ? [...RECORDED, 'last_full_sync_at'] : RECORDED, ['target'])
      .updateEntity(false)
      .execute();
  }

  private states(tx?: Transaction) {
    return managerOf(this.dataSource, tx).getRepository(SyncState);
  }
}
