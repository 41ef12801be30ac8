import { Injectable } from '@nestjs/common';
import { globToLikePattern, parseGuestSelector } from '@proxmox-mpc/contracts';
import { JsonRecordset, managerOf, type Transaction } from '@proxmox-mpc/persistence';
import {
  And,
  ArrayContains,
  DataSource,
  Equal,
  ILike,
  In,
  MoreThan,
  type FindOperator,
  type FindOptionsSelect,
  type FindOptionsWhere,
} from 'typeorm';
import { SyncedGuest, type GuestSummaryRow, type GuestWrite } from './synced-guest.entity';
import { SyncedGuestStore, type GuestFilter, type GuestTouch } from './synced-guest.store';

// A pass compares summaries of every guest of a target: their configs stay in the table.
const SUMMARY: FindOptionsSelect<SyncedGuest> = {
  target: true,
  vmid: true,
  node: true,
  type: true,
  name: true,
  status: true,
  template: true,
  cpus: true,
  memoryBytes: true,
  diskBytes: true,
  uptimeSeconds: true,
  tags: true,
  lock: true,
  pool: true,
  observedAt: true,
  configReadAt: true,
};

const WRITTEN: ReadonlyArray<keyof GuestWrite> = [
  'target',
  'vmid',
  'node',
  'type',
  'name',
  'status',
  'template',
  'cpus',
  'memoryBytes',
  'diskBytes',
  'uptimeSeconds',
  'tags',
  'lock',
  'pool',
  'config',
  'digest',
  'observedAt',
  'configReadAt',
];
const KEY = ['target', 'vmid'];

@Injectable()
export class PostgresSyncedGuestStore extends SyncedGuestStore {
  private readonly writes: JsonRecordset<GuestWrite>;
  private readonly touches: JsonRecordset<GuestTouch>;

  constructor(private readonly dataSource: DataSource) {
    super();
    const metadata = dataSource.getMetadata(SyncedGuest);
    this.writes = new JsonRecordset(metadata, WRITTEN);
    this.touches = new JsonRecordset(metadata, ['vmid', 'uptimeSeconds', 'configReadAt', 'digest']);
  }

  async find(target: string, vmid: number): Promise<SyncedGuest | undefined> {
    return (await this.guests().findOneBy({ target, vmid })) ?? undefined;
  }

  list(target: string, filter: GuestFilter = {}): Promise<GuestSummaryRow[]> {
    return this.guests().find({ select: SUMMARY, where: whereOf(target, filter), order: { vmid: 'ASC' } });
  }

  page(target: string, afterVmid: number | undefined, limit: number): Promise<SyncedGuest[]> {
    return this.guests().find({
      where: { target, vmid: MoreThan(afterVmid ?? 0) },
      order: { vmid: 'ASC' },
      take: limit,
    });
  }

  async summaries(target: string, vmids?: readonly number[]): Promise<Map<number, GuestSummaryRow>> {
    const rows = await this.guests().find({
      select: SUMMARY,
      where: { target, ...(vmids ? { vmid: In(vmids) } : {}) },
    });
    return new Map(rows.map((row) => [row.vmid, row]));
  }

  async lock(target: string, vmids: readonly number[], tx: Transaction): Promise<Map<number, SyncedGuest>> {
    if (vmids.length === 0) return new Map();
    // One array parameter: a batch of 500 as `IN (…)` costs TypeORM more than the query.
    const rows = await this.guests(tx)
      .createQueryBuilder('guest')
      .where('guest.target = :target AND guest.vmid = ANY(:vmids)', { target, vmids })
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((row) => [row.vmid, row]));
  }

  async upsert(writes: readonly GuestWrite[], now: Date, tx: Transaction): Promise<void> {
    if (writes.length === 0) return;
    const rows = this.writes;
    await managerOf(this.dataSource, tx).query(
      `INSERT INTO inventory_guests (${rows.columnNames}, first_seen_at, updated_at)
       SELECT ${rows.values}, $1, $1 FROM ${rows.from(2)}
       ON CONFLICT (target, vmid) DO UPDATE SET ${rows.assignments((column) => `EXCLUDED.${column}`, KEY)},
              updated_at = EXCLUDED.updated_at`,
      [now, rows.parameter(writes)],
    );
  }

  async touch(
    target: string,
    touches: readonly GuestTouch[],
    observedAt: Date,
    tx: Transaction,
  ): Promise<void> {
    if (touches.length === 0) return;
    const rows = this.touches;
    await managerOf(this.dataSource, tx).query(
      `UPDATE inventory_guests g
          SET observed_at = CASE WHEN r."uptimeSeconds" IS NULL THEN g.observed_at ELSE $2 END,
              ${rows.assignments((column, field) => `COALESCE(${field}, g.${column})`, ['vmid'])}
         FROM ${rows.from(3)}
        WHERE g.target = $1 AND g.vmid = r."vmid"`,
      [target, observedAt, rows.parameter(touches)],
    );
  }

  async delete(target: string, vmids: readonly number[], tx: Transaction): Promise<void> {
    if (vmids.length === 0) return;
    await this.guests(tx).delete({ target, vmid: In(vmids) });
  }

  count(target: string, tx?: Transaction): Promise<number> {
    return this.guests(tx).countBy({ target });
  }

  async countByNode(target: string): Promise<Map<string, number>> {
    const rows = await this.guests()
      .createQueryBuilder('guest')
      .select('guest.node', 'node')
      .addSelect('count(*)::int', 'guests')
      .where('guest.target = :target', { target })
      .groupBy('guest.node')
      .getRawMany<{ node: string; guests: number }>();
    return new Map(rows.map((row) => [row.node, row.guests]));
  }

  private guests(tx?: Transaction) {
    return managerOf(this.dataSource, tx).getRepository(SyncedGuest);
  }
}

/** The filter as conditions; selector globs become ILIKE patterns, the same case-blind match. */
function whereOf(target: string, filter: GuestFilter): FindOptionsWhere<SyncedGuest> {
  const where: FindOptionsWhere<SyncedGuest> = { target };
  const nodes: Array<FindOperator<string>> = filter.node === undefined ? [] : [Equal(filter.node)];
  if (filter.type !== undefined) where.type = filter.type;
  if (filter.status !== undefined) where.status = filter.status;
  // `@>` is what the GIN index on tags serves.
  if (filter.tag !== undefined) where.tags = ArrayContains([filter.tag]);
  if (filter.selector !== undefined) {
    const selector = parseGuestSelector(filter.selector);
    if ('vmid' in selector) where.vmid = selector.vmid;
    else {
      if (selector.node !== undefined) nodes.push(ILike(globToLikePattern(selector.node)));
      where.name = ILike(globToLikePattern(selector.name));
    }
  }
  if (nodes.length > 0) where.node = nodes.length === 1 ? nodes[0] : And(...nodes);
  return where;
}
