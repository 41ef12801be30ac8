import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type SyncMode = 'full' | 'incremental';

/** When a target was last synced, how, and what the pass found (table `inventory_sync_state`). */
@Entity({ name: 'inventory_sync_state' })
@Check('inventory_sync_state_last_mode_check', `last_mode IN ('full', 'incremental')`)
export class SyncState {
  @PrimaryColumn('text')
  target!: string;

  @Column({ name: 'last_full_sync_at', type: 'timestamptz', nullable: true })
  lastFullSyncAt!: Date | null;

  @Column({ name: 'last_sync_at', type: 'timestamptz' })
  lastSyncAt!: Date;

  @Column({ name: 'last_mode', type: 'text' })
  lastMode!: SyncMode;

  @Column('integer')
  guests!: number;

  @Column({ name: 'unreachable_nodes', type: 'text', array: true, default: () => "'{}'" })
  unreachableNodes!: string[];
}
