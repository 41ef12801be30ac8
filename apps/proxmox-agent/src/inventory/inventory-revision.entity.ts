import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/** How many times a target's inventory was written, by any replica (table `inventory_revisions`). */
@Entity({ name: 'inventory_revisions' })
export class InventoryRevision {
  @PrimaryColumn('text')
  target!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  revision!: number;
}
