import type { FieldChange, InventoryGuest } from '@proxmox-mpc/contracts';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One creation, change or deletion of a guest, with the guest as it was afterwards (as it
 * was before, for a deletion). Table `inventory_guest_history`, append-only.
 */
@Entity({ name: 'inventory_guest_history' })
@Check('inventory_guest_history_kind_check', `kind IN ('created', 'updated', 'deleted')`)
@Index('inventory_guest_history_guest', ['target', 'vmid', 'id'])
@Index('inventory_guest_history_time', ['changedAt'])
export class GuestHistoryEntry {
  /** A bigserial: pg hands it over as text. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('text')
  target!: string;

  @Column('integer')
  vmid!: number;

  @Column('text')
  kind!: 'created' | 'updated' | 'deleted';

  /** The fields that changed, for an update. */
  @Column('jsonb', { nullable: true })
  changes!: FieldChange[] | null;

  @Column('jsonb')
  snapshot!: InventoryGuest;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
