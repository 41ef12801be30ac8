import { Injectable } from '@nestjs/common';
import { managerOf, type Transaction } from '@proxmox-mpc/persistence';
import { DataSource } from 'typeorm';
import { ConnectedTarget } from './connected-target.entity';
import { ConnectedTargetStore } from './connected-target.store';

@Injectable()
export class PostgresConnectedTargetStore extends ConnectedTargetStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  all(): Promise<ConnectedTarget[]> {
    return this.targets().find({ order: { addedAt: 'ASC' } });
  }

  async find(name: string, tx?: Transaction): Promise<ConnectedTarget | undefined> {
    return (await this.targets(tx).findOneBy({ name })) ?? undefined;
  }

  async insert(target: ConnectedTarget, tx: Transaction): Promise<void> {
    await this.targets(tx).insert(target);
  }

  private targets(tx?: Transaction) {
    return managerOf(this.dataSource, tx).getRepository(ConnectedTarget);
  }
}
