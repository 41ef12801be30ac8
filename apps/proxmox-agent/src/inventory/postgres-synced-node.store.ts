import { Injectable } from '@nestjs/common';
import { managerOf, type Transaction } from '@proxmox-mpc/persistence';
import { DataSource } from 'typeorm';
import { SyncedNode } from './synced-node.entity';
import { SyncedNodeStore } from './synced-node.store';

const REPLACED = [
  'status',
  'cpu_usage',
  'cpus',
  'memory_bytes',
  'memory_used_bytes',
  'uptime_seconds',
  'updated_at',
];

@Injectable()
export class PostgresSyncedNodeStore extends SyncedNodeStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  list(target: string): Promise<SyncedNode[]> {
    return this.nodes().find({ where: { target }, order: { node: 'ASC' } });
  }

  async replace(target: string, nodes: readonly SyncedNode[], tx: Transaction): Promise<void> {
    const repository = this.nodes(tx);
    await repository
      .createQueryBuilder()
      .delete()
      .where('target = :target AND NOT (node = ANY(:nodes))', {
        target,
        nodes: nodes.map((node) => node.node),
      })
      .execute();
    if (nodes.length === 0) return;
    await repository
      .createQueryBuilder()
      .insert()
      .values([...nodes])
      .orUpdate(REPLACED, ['target', 'node'])
      .updateEntity(false)
      .execute();
  }

  private nodes(tx?: Transaction) {
    return managerOf(this.dataSource, tx).getRepository(SyncedNode);
  }
}
