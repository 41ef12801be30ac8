import { BusTables1732147200000 } from '@proxmox-mpc/bus';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { InventoryTables1732320000000 } from '../migrations/1732320000000-inventory-tables';
import { InventoryRepository } from './inventory.repository';

const TARGET = 'lab';

function guest(vmid: number, overrides: Partial<InventoryGuest> = {}): InventoryGuest {
  return {
    vmid,
    name: `web-${vmid}`,
    node: 'pve1',
    type: 'qemu',
    status: 'running',
    template: false,
    cpus: 2,
    memoryBytes: 6 * 1024 ** 3,
    diskBytes: 40 * 1024 ** 3,
    uptimeSeconds: 3600,
    tags: ['prod', 'web'],
    config: { memory: '6144', net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0' },
    digest: 'abc',
    ...overrides,
  };
}

describe(InventoryRepository.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let sut: InventoryRepository;
  const seenAt = new Date('2026-11-21T10:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    dataSource = await openDataSource({
      url: database.url,
      schema: 'proxmox_agent',
      migrations: [BusTables1732147200000, InventoryTables1732320000000],
    });
    sut = new InventoryRepository(dataSource);
    await sut.upsertGuests(
      dataSource.manager,
      TARGET,
      [
        { guest: guest(100), lastSeenAt: seenAt, configReadAt: seenAt },
        {
          guest: guest(101, {
            node: 'pve2',
            status: 'stopped',
            tags: ['dev'],
            lock: 'backup',
            pool: 'team-a',
          }),
          lastSeenAt: seenAt,
          configReadAt: null,
        },
        {
          guest: guest(200, { type: 'lxc', name: 'dns-1', tags: [], config: {} }),
          lastSeenAt: seenAt,
          configReadAt: seenAt,
        },
      ],
      seenAt,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('should return a stored guest with its config, sizes as numbers and optional fields only when set', async () => {
    expect(await sut.findGuest(TARGET, 100)).toEqual(guest(100));
    expect(await sut.findGuest(TARGET, 101)).toMatchObject({ lock: 'backup', pool: 'team-a' });
    expect(await sut.findGuest(TARGET, 999)).toBeUndefined();
    expect(await sut.findGuest('other', 100)).toBeUndefined();
  });

  it('should filter the list by node, type, status and tag', async () => {
    const vmids = async (filter: Parameters<InventoryRepository['listGuests']>[1]) =>
      (await sut.listGuests(TARGET, filter)).map((entry) => entry.vmid);
    expect(await vmids({})).toEqual([100, 101, 200]);
    expect(await vmids({ node: 'pve2' })).toEqual([101]);
    expect(await vmids({ type: 'lxc' })).toEqual([200]);
    expect(await vmids({ status: 'running' })).toEqual([100, 200]);
    expect(await vmids({ tag: 'web' })).toEqual([100]);
    expect(await vmids({ node: 'pve1', tag: 'dev' })).toEqual([]);
  });

  it('should match guest selectors in SQL as the selector rules say', async () => {
    const vmids = async (selector: string) =>
      (await sut.listGuests(TARGET, { selector })).map((entry) => entry.vmid);
    expect(await vmids('101')).toEqual([101]);
    expect(await vmids('web-*')).toEqual([100, 101]);
    expect(await vmids('WEB-10?')).toEqual([100, 101]);
    expect(await vmids('pve2/*')).toEqual([101]);
    expect(await vmids('pve?/dns-1')).toEqual([200]);
    expect(await vmids('web')).toEqual([]);
    expect(await vmids('99')).toEqual([]);
  });

  it('should mark guests seen again without touching what changed last', async () => {
    const later = new Date('2026-11-21T10:05:00Z');
    await sut.touchGuests(
      dataSource.manager,
      TARGET,
      [{ vmid: 101, uptimeSeconds: 7200, configReadAt: later, digest: 'def' }],
      later,
    );
    const [row] = await dataSource.query(
      `SELECT uptime_seconds, digest, last_seen_at, config_read_at, updated_at
         FROM inventory_guests WHERE target = $1 AND vmid = 101`,
      [TARGET],
    );
    expect(row).toEqual({
      uptime_seconds: '7200',
      digest: 'def',
      last_seen_at: later,
      config_read_at: later,
      updated_at: seenAt,
    });
  });

  it('should keep the nodes it is given and drop the others', async () => {
    const node = (name: string) => ({
      node: name,
      status: 'online' as const,
      cpus: 16,
      cpuUsage: 0.25,
      memoryBytes: 64 * 1024 ** 3,
      memoryUsedBytes: 20 * 1024 ** 3,
      uptimeSeconds: 86_400,
    });
    await sut.replaceNodes(dataSource.manager, TARGET, [node('pve1'), node('pve2'), node('pve3')], seenAt);
    await sut.replaceNodes(dataSource.manager, TARGET, [node('pve1'), node('pve2')], seenAt);
    expect(await sut.listNodes(TARGET)).toEqual([
      { ...node('pve1'), guests: 2 },
      { ...node('pve2'), guests: 1 },
    ]);
  });
});
