import { Injectable } from '@nestjs/common';
import type {
  FieldChange,
  Guest,
  GuestStatus,
  GuestType,
  InventoryGuest,
  NodeSummary,
} from '@proxmox-mpc/contracts';
import { globToLikePattern, parseGuestSelector } from '@proxmox-mpc/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { NodeObservation } from './cluster-reader';
import type { GuestSummaryFields } from './guest-changes';

/** Anything that runs SQL: the pool, or a transaction's manager. */
type Queryable = Pick<EntityManager, 'query'>;

export type SyncMode = 'full' | 'incremental';

/** What a pass needs to know about a stored guest before it reads anything else. */
export interface StoredSummary extends GuestSummaryFields {
  vmid: number;
  type: GuestType;
  lastSeenAt: Date;
  configReadAt: Date | null;
}

export interface StoredGuest {
  guest: InventoryGuest;
  lastSeenAt: Date;
  configReadAt: Date | null;
}

/** A created or changed guest as it should be stored; timestamps are explicit, never inferred. */
export type GuestWrite = StoredGuest;

/** An unchanged guest seen again; null keeps the stored value. */
export interface GuestTouch {
  vmid: number;
  uptimeSeconds: number | null;
  configReadAt: Date | null;
  digest: string | null;
}

export interface HistoryEntry {
  vmid: number;
  kind: 'created' | 'updated' | 'deleted';
  changes: FieldChange[] | null;
  snapshot: InventoryGuest;
}

export interface SyncState {
  target: string;
  lastSyncAt: Date;
  lastFullSyncAt: Date | null;
  lastMode: SyncMode;
  guests: number;
  unreachableNodes: string[];
}

export interface GuestFilter {
  node?: string;
  type?: GuestType;
  status?: GuestStatus;
  tag?: string;
  /** A guest selector (`100`, `web-*`, `pve1/db-?`), matched in SQL so a lookup reads one row. */
  selector?: string;
}

interface GuestRow {
  vmid: number;
  node: string;
  type: GuestType;
  name: string;
  status: GuestStatus;
  template: boolean;
  cpus: number;
  memory_bytes: string;
  disk_bytes: string;
  uptime_seconds: string;
  tags: string[];
  lock: string | null;
  pool: string | null;
  config?: Record<string, string>;
  digest?: string | null;
  last_seen_at?: Date;
  config_read_at?: Date | null;
}

const SUMMARY_COLUMNS =
  'vmid, node, type, name, status, template, cpus, memory_bytes, disk_bytes, uptime_seconds, tags, lock, pool';

function guestFromRow(row: GuestRow): Guest {
  return {
    vmid: row.vmid,
    name: row.name,
    node: row.node,
    type: row.type,
    status: row.status,
    template: row.template,
    cpus: row.cpus,
    memoryBytes: Number(row.memory_bytes),
    diskBytes: Number(row.disk_bytes),
    uptimeSeconds: Number(row.uptime_seconds),
    tags: row.tags,
    ...(row.lock === null ? {} : { lock: row.lock }),
    ...(row.pool === null ? {} : { pool: row.pool }),
  };
}

function inventoryGuestFromRow(row: GuestRow): InventoryGuest {
  return {
    ...guestFromRow(row),
    config: row.config ?? {},
    ...(row.digest ? { digest: row.digest } : {}),
  };
}

/**
 * The inventory tables. Reads for queries and the operations code use the pool; a sync
 * pass passes its own transaction's manager so state, history and outbox commit together.
 * Bulk writes send one JSON document per statement, so a batch of guests is one round trip.
 */
@Injectable()
export class InventoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One guest as last synced, with its config; undefined if the inventory does not know it. */
  async findGuest(target: string, vmid: number): Promise<InventoryGuest | undefined> {
    const rows: GuestRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, config, digest FROM inventory_guests WHERE target = $1 AND vmid = $2`,
      [target, vmid],
    );
    return rows[0] && inventoryGuestFromRow(rows[0]);
  }

  /** Guests with their configs in VMID order, `limit` after `afterVmid`: one export page. */
  async exportGuests(
    target: string,
    afterVmid: number | undefined,
    limit: number,
  ): Promise<InventoryGuest[]> {
    const rows: GuestRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, config, digest FROM inventory_guests
        WHERE target = $1 AND vmid > $2 ORDER BY vmid LIMIT $3`,
      [target, afterVmid ?? 0, limit],
    );
    return rows.map(inventoryGuestFromRow);
  }

  async listGuests(target: string, filter: GuestFilter = {}): Promise<Guest[]> {
    const conditions = ['target = $1'];
    const params: unknown[] = [target];
    const where = (sql: (placeholder: string) => string, value: unknown): void => {
      params.push(value);
      conditions.push(sql(`$${params.length}`));
    };
    if (filter.node !== undefined) where((p) => `node = ${p}`, filter.node);
    if (filter.type !== undefined) where((p) => `type = ${p}`, filter.type);
    if (filter.status !== undefined) where((p) => `status = ${p}`, filter.status);
    if (filter.tag !== undefined) where((p) => `tags @> ARRAY[${p}::text]`, filter.tag);
    if (filter.selector !== undefined) {
      const selector = parseGuestSelector(filter.selector);
      if ('vmid' in selector) where((p) => `vmid = ${p}`, selector.vmid);
      else {
        if (selector.node !== undefined) where((p) => `node ILIKE ${p}`, globToLikePattern(selector.node));
        where((p) => `name ILIKE ${p}`, globToLikePattern(selector.name));
      }
    }
    const rows: GuestRow[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM inventory_guests WHERE ${conditions.join(' AND ')} ORDER BY vmid`,
      params,
    );
    return rows.map(guestFromRow);
  }

  async listNodes(target: string): Promise<NodeSummary[]> {
    const rows: Array<{
      node: string;
      status: NodeSummary['status'];
      cpus: number;
      cpu_usage: number;
      memory_bytes: string;
      memory_used_bytes: string;
      uptime_seconds: string;
      guests: number;
    }> = await this.dataSource.query(
      `SELECT n.node, n.status, n.cpus, n.cpu_usage, n.memory_bytes, n.memory_used_bytes, n.uptime_seconds,
              (SELECT count(*)::int FROM inventory_guests g WHERE g.target = n.target AND g.node = n.node) AS guests
         FROM inventory_nodes n WHERE n.target = $1 ORDER BY n.node`,
      [target],
    );
    return rows.map((row) => ({
      node: row.node,
      status: row.status,
      cpus: row.cpus,
      cpuUsage: row.cpu_usage,
      memoryBytes: Number(row.memory_bytes),
      memoryUsedBytes: Number(row.memory_used_bytes),
      uptimeSeconds: Number(row.uptime_seconds),
      guests: row.guests,
    }));
  }

  async syncState(target: string): Promise<SyncState | undefined> {
    const rows: Array<{
      last_sync_at: Date;
      last_full_sync_at: Date | null;
      last_mode: SyncMode;
      guests: number;
      unreachable_nodes: string[];
    }> = await this.dataSource.query(
      `SELECT last_sync_at, last_full_sync_at, last_mode, guests, unreachable_nodes
         FROM inventory_sync_state WHERE target = $1`,
      [target],
    );
    const row = rows[0];
    return (
      row && {
        target,
        lastSyncAt: row.last_sync_at,
        lastFullSyncAt: row.last_full_sync_at,
        lastMode: row.last_mode,
        guests: row.guests,
        unreachableNodes: row.unreachable_nodes,
      }
    );
  }

  /** Stored guests of the target (all, or the given ones) without their configs: what a pass diffs summaries against. */
  async loadSummaries(
    db: Queryable,
    target: string,
    vmids?: readonly number[],
  ): Promise<Map<number, StoredSummary>> {
    const rows: Array<GuestRow & { last_seen_at: Date; config_read_at: Date | null }> = await db.query(
      `SELECT ${SUMMARY_COLUMNS}, last_seen_at, config_read_at FROM inventory_guests
        WHERE target = $1 AND ($2::int[] IS NULL OR vmid = ANY($2::int[]))`,
      [target, vmids ?? null],
    );
    return new Map(
      rows.map((row) => [
        row.vmid,
        { ...guestFromRow(row), lastSeenAt: row.last_seen_at, configReadAt: row.config_read_at },
      ]),
    );
  }

  /** Full rows of the given guests, locked until the transaction ends. */
  async lockGuests(
    db: Queryable,
    target: string,
    vmids: readonly number[],
  ): Promise<Map<number, StoredGuest>> {
    if (vmids.length === 0) return new Map();
    const rows: GuestRow[] = await db.query(
      `SELECT ${SUMMARY_COLUMNS}, config, digest, last_seen_at, config_read_at FROM inventory_guests
        WHERE target = $1 AND vmid = ANY($2::int[]) FOR UPDATE`,
      [target, vmids],
    );
    return new Map(
      rows.map((row) => [
        row.vmid,
        {
          guest: inventoryGuestFromRow(row),
          lastSeenAt: row.last_seen_at as Date,
          configReadAt: row.config_read_at ?? null,
        },
      ]),
    );
  }

  async upsertGuests(db: Queryable, target: string, writes: readonly GuestWrite[], now: Date): Promise<void> {
    if (writes.length === 0) return;
    const rows = writes.map(({ guest, lastSeenAt, configReadAt }) => ({
      vmid: guest.vmid,
      node: guest.node,
      type: guest.type,
      name: guest.name,
      status: guest.status,
      template: guest.template,
      cpus: guest.cpus,
      memory_bytes: guest.memoryBytes,
      disk_bytes: guest.diskBytes,
      uptime_seconds: guest.uptimeSeconds,
      tags: guest.tags,
      lock: guest.lock ?? null,
      pool: guest.pool ?? null,
      config: guest.config,
      digest: guest.digest ?? null,
      last_seen_at: lastSeenAt,
      config_read_at: configReadAt,
    }));
    await db.query(
      `INSERT INTO inventory_guests AS g (target, vmid, node, type, name, status, template, cpus, memory_bytes,
              disk_bytes, uptime_seconds, tags, lock, pool, config, digest, first_seen_at, last_seen_at,
              config_read_at, updated_at)
       SELECT $1, r.vmid, r.node, r.type, r.name, r.status, r.template, r.cpus, r.memory_bytes, r.disk_bytes,
              r.uptime_seconds, r.tags, r.lock, r.pool, r.config, r.digest, $2, r.last_seen_at, r.config_read_at, $2
         FROM jsonb_to_recordset($3::jsonb) AS r(vmid int, node text, type text, name text, status text,
              template boolean, cpus float8, memory_bytes bigint, disk_bytes bigint, uptime_seconds bigint,
              tags text[], lock text, pool text, config jsonb, digest text, last_seen_at timestamptz,
              config_read_at timestamptz)
       ON CONFLICT (target, vmid) DO UPDATE SET
              node = EXCLUDED.node, type = EXCLUDED.type, name = EXCLUDED.name, status = EXCLUDED.status,
              template = EXCLUDED.template, cpus = EXCLUDED.cpus, memory_bytes = EXCLUDED.memory_bytes,
              disk_bytes = EXCLUDED.disk_bytes, uptime_seconds = EXCLUDED.uptime_seconds, tags = EXCLUDED.tags,
              lock = EXCLUDED.lock, pool = EXCLUDED.pool, config = EXCLUDED.config, digest = EXCLUDED.digest,
              last_seen_at = EXCLUDED.last_seen_at, config_read_at = EXCLUDED.config_read_at,
              updated_at = EXCLUDED.updated_at`,
      [target, now, JSON.stringify(rows)],
    );
  }

  /** Marks unchanged guests as seen, without moving `updated_at`. */
  async touchGuests(
    db: Queryable,
    target: string,
    touches: readonly GuestTouch[],
    seenAt: Date,
  ): Promise<void> {
    if (touches.length === 0) return;
    await db.query(
      `UPDATE inventory_guests g
          SET last_seen_at = $2,
              uptime_seconds = COALESCE(r."uptimeSeconds", g.uptime_seconds),
              config_read_at = COALESCE(r."configReadAt", g.config_read_at),
              digest = COALESCE(r.digest, g.digest)
         FROM jsonb_to_recordset($3::jsonb)
              AS r(vmid int, "uptimeSeconds" bigint, "configReadAt" timestamptz, digest text)
        WHERE g.target = $1 AND g.vmid = r.vmid`,
      [target, seenAt, JSON.stringify(touches)],
    );
  }

  async deleteGuests(db: Queryable, target: string, vmids: readonly number[]): Promise<void> {
    if (vmids.length === 0) return;
    await db.query(`DELETE FROM inventory_guests WHERE target = $1 AND vmid = ANY($2::int[])`, [
      target,
      vmids,
    ]);
  }

  async appendHistory(
    db: Queryable,
    target: string,
    entries: readonly HistoryEntry[],
    at: Date,
  ): Promise<void> {
    if (entries.length === 0) return;
    await db.query(
      `INSERT INTO inventory_guest_history (target, vmid, kind, changes, snapshot, changed_at)
       SELECT $1, r.vmid, r.kind, r.changes, r.snapshot, $2
         FROM jsonb_to_recordset($3::jsonb) AS r(vmid int, kind text, changes jsonb, snapshot jsonb)`,
      [target, at, JSON.stringify(entries)],
    );
  }

  /** The target's nodes become exactly `nodes`. */
  async replaceNodes(
    db: Queryable,
    target: string,
    nodes: readonly NodeObservation[],
    at: Date,
  ): Promise<void> {
    await db.query(`DELETE FROM inventory_nodes WHERE target = $1 AND NOT (node = ANY($2::text[]))`, [
      target,
      nodes.map((node) => node.node),
    ]);
    if (nodes.length === 0) return;
    await db.query(
      `INSERT INTO inventory_nodes (target, node, status, cpus, cpu_usage, memory_bytes, memory_used_bytes,
              uptime_seconds, updated_at)
       SELECT $1, r.node, r.status, r."cpus", r."cpuUsage", r."memoryBytes", r."memoryUsedBytes",
              r."uptimeSeconds", $2
         FROM jsonb_to_recordset($3::jsonb) AS r(node text, status text, "cpus" float8, "cpuUsage" float8,
              "memoryBytes" bigint, "memoryUsedBytes" bigint, "uptimeSeconds" bigint)
       ON CONFLICT (target, node) DO UPDATE SET
              status = EXCLUDED.status, cpus = EXCLUDED.cpus, cpu_usage = EXCLUDED.cpu_usage,
              memory_bytes = EXCLUDED.memory_bytes, memory_used_bytes = EXCLUDED.memory_used_bytes,
              uptime_seconds = EXCLUDED.uptime_seconds, updated_at = EXCLUDED.updated_at`,
      [target, at, JSON.stringify(nodes)],
    );
  }

  async countGuests(db: Queryable, target: string): Promise<number> {
    const [row] = await db.query(`SELECT count(*)::int AS count FROM inventory_guests WHERE target = $1`, [
      target,
    ]);
    return (row as { count: number }).count;
  }

  async recordSync(db: Queryable, state: SyncState): Promise<void> {
    await db.query(
      `INSERT INTO inventory_sync_state (target, last_full_sync_at, last_sync_at, last_mode, guests, unreachable_nodes)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (target) DO UPDATE SET
              last_full_sync_at = COALESCE(EXCLUDED.last_full_sync_at, inventory_sync_state.last_full_sync_at),
              last_sync_at = EXCLUDED.last_sync_at, last_mode = EXCLUDED.last_mode, guests = EXCLUDED.guests,
              unreachable_nodes = EXCLUDED.unreachable_nodes`,
      [
        state.target,
        state.lastFullSyncAt,
        state.lastSyncAt,
        state.lastMode,
        state.guests,
        state.unreachableNodes,
      ],
    );
  }
}
