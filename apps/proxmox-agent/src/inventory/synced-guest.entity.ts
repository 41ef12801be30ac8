import type { Guest, GuestStatus, GuestType, InventoryGuest } from '@proxmox-mpc/contracts';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-as-number';

/**
 * A guest of a target as the last pass or refresh saw it (table `inventory_guests`): its
 * `/cluster/resources` summary, its config with every value as text, when that summary was
 * observed and when its config was last read. A pass rewrites a row only when something in
 * it changed: a guest listed unchanged keeps its `observedAt` (the target's sync state
 * says when it was last listed), and a running guest's uptime is counted on from then.
 */
@Entity({ name: 'inventory_guests' })
@Check('inventory_guests_type_check', `type IN ('qemu', 'lxc')`)
@Index('inventory_guests_config_read', ['target', 'configReadAt'])
@Index('inventory_guests_node', ['target', 'node'])
@Index('inventory_guests_tags', ['tags'], { type: 'gin' })
export class SyncedGuest {
  @PrimaryColumn('text')
  target!: string;

  @PrimaryColumn('integer')
  vmid!: number;

  @Column('text')
  node!: string;

  @Column('text')
  type!: GuestType;

  @Column('text')
  name!: string;

  @Column('text')
  status!: GuestStatus;

  @Column('boolean')
  template!: boolean;

  @Column('double precision')
  cpus!: number;

  @Column({ name: 'memory_bytes', type: 'bigint', transformer: bigintAsNumber })
  memoryBytes!: number;

  @Column({ name: 'disk_bytes', type: 'bigint', transformer: bigintAsNumber })
  diskBytes!: number;

  @Column({ name: 'uptime_seconds', type: 'bigint', transformer: bigintAsNumber })
  uptimeSeconds!: number;

  @Column('text', { array: true, default: () => "'{}'" })
  tags!: string[];

  @Column('text', { nullable: true })
  lock!: string | null;

  @Column('text', { nullable: true })
  pool!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  config!: Record<string, string>;

  @Column('text', { nullable: true })
  digest!: string | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  /** When the stored summary was observed: `uptimeSeconds` is as of then. */
  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ name: 'config_read_at', type: 'timestamptz', nullable: true })
  configReadAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** What a pass compares before it reads configs: a stored guest without its config. */
export type GuestSummaryRow = Omit<SyncedGuest, 'config' | 'digest' | 'firstSeenAt' | 'updatedAt'>;

/**
 * A created or changed guest as a pass writes it. When it was first seen and last
 * updated are the store's to set.
 */
export type GuestWrite = Omit<SyncedGuest, 'firstSeenAt' | 'updatedAt'>;

/**
 * The guest as the platform shows it in lists: the summary, optional fields only when set,
 * a running guest's uptime counted on from when it was observed to `asOf` (when the
 * target was last synced: every pass checks that the uptime it lists still agrees).
 */
export function guestOf(row: GuestSummaryRow, asOf: Date = row.observedAt): Guest {
  return {
    vmid: row.vmid,
    name: row.name,
    node: row.node,
    type: row.type,
    status: row.status,
    template: row.template,
    cpus: row.cpus,
    memoryBytes: row.memoryBytes,
    diskBytes: row.diskBytes,
    uptimeSeconds: uptimeAt(row, asOf),
    tags: row.tags,
    ...(row.lock === null ? {} : { lock: row.lock }),
    ...(row.pool === null ? {} : { pool: row.pool }),
  };
}

/** A stored guest's uptime at `asOf`: a running guest's counted on from when it was observed. */
export function uptimeAt(row: GuestSummaryRow, asOf: Date): number {
  if (row.status !== 'running') return row.uptimeSeconds;
  return row.uptimeSeconds + Math.max(0, Math.round((asOf.getTime() - row.observedAt.getTime()) / 1000));
}

/** The guest with its config, as exports, history and inventory events carry it. */
export function inventoryGuestOf(row: SyncedGuest, asOf: Date = row.observedAt): InventoryGuest {
  return { ...guestOf(row, asOf), config: row.config, ...(row.digest ? { digest: row.digest } : {}) };
}

/** The row a pass writes for `guest`, with when it was observed and its config read. */
export function guestWriteOf(
  target: string,
  guest: InventoryGuest,
  seen: { observedAt: Date; configReadAt: Date | null },
): GuestWrite {
  return {
    target,
    vmid: guest.vmid,
    node: guest.node,
    type: guest.type,
    name: guest.name,
    status: guest.status,
    template: guest.template,
    cpus: guest.cpus,
    memoryBytes: guest.memoryBytes,
    diskBytes: guest.diskBytes,
    uptimeSeconds: guest.uptimeSeconds,
    tags: guest.tags,
    lock: guest.lock ?? null,
    pool: guest.pool ?? null,
    config: guest.config,
    digest: guest.digest ?? null,
    ...seen,
  };
}

/** The summary of a row as written: what `SyncedGuestStore.summaries` reads back. */
export function summaryRowOf({ config: _config, digest: _digest, ...summary }: GuestWrite): GuestSummaryRow {
  return summary;
}
