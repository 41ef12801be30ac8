import { InMemoryTransactions, type Transactions } from '@proxmox-mpc/persistence';
import { inventoryGuest } from '@proxmox-mpc/testing';
import { openAgentDatabase, type AgentDatabase } from '../__tests__/agent-database';
import { InMemorySyncedGuestStore } from './in-memory-synced-guest.store';
import { PostgresSyncedGuestStore } from './postgres-synced-guest.store';
import { guestOf, guestWriteOf, inventoryGuestOf } from './synced-guest.entity';
import type { GuestFilter, SyncedGuestStore } from './synced-guest.store';

const TARGET = 'lab';
const observedAt = new Date('2026-11-21T10:00:00Z');

const guest = inventoryGuest;

interface Implementation {
  name: string;
  open(): Promise<{ store: SyncedGuestStore; transactions: Transactions }>;
  clear?(): Promise<void>;
  close?(): Promise<void>;
}

let database: AgentDatabase | undefined;
const postgres: Implementation = {
  name: PostgresSyncedGuestStore.name,
  async open() {
    database ??= await openAgentDatabase();
    await database.clear();
    return { store: new PostgresSyncedGuestStore(database.dataSource), transactions: database.transactions };
  },
  close: async () => database?.close(),
};
const inMemory: Implementation = {
  name: InMemorySyncedGuestStore.name,
  open: async () => ({ store: new InMemorySyncedGuestStore(), transactions: new InMemoryTransactions() }),
};

// The in-memory store stands in for PostgreSQL in unit tests: both answer the same.
describe.each([postgres, inMemory])('$name', (implementation) => {
  let sut: SyncedGuestStore;
  let transactions: Transactions;

  beforeEach(async () => {
    ({ store: sut, transactions } = await implementation.open());
    await transactions.run((tx) =>
      sut.upsert(
        [
          guestWriteOf(TARGET, guest(100), { observedAt, configReadAt: observedAt }),
          guestWriteOf(
            TARGET,
            guest(101, { node: 'pve2', status: 'stopped', tags: ['dev'], lock: 'backup', pool: 'team-a' }),
            { observedAt, configReadAt: null },
          ),
          guestWriteOf(TARGET, guest(200, { type: 'lxc', name: 'dns-1', tags: [], config: {} }), {
            observedAt,
            configReadAt: observedAt,
          }),
        ],
        observedAt,
        tx,
      ),
    );
  });

  afterAll(async () => {
    await implementation.close?.();
  });

  it('should return a stored guest with its config, sizes as numbers and optional fields only when set', async () => {
    const [found, locked] = [await sut.find(TARGET, 100), await sut.find(TARGET, 101)];
    expect(found && inventoryGuestOf(found)).toEqual(guest(100));
    expect(locked && guestOf(locked)).toMatchObject({ lock: 'backup', pool: 'team-a' });
    expect(await sut.find(TARGET, 999)).toBeUndefined();
    expect(await sut.find('other', 100)).toBeUndefined();
  });

  it('should filter the list by node, type, status and tag', async () => {
    const vmids = async (filter: GuestFilter) => (await sut.list(TARGET, filter)).map((entry) => entry.vmid);
    expect(await vmids({})).toEqual([100, 101, 200]);
    expect(await vmids({ node: 'pve2' })).toEqual([101]);
    expect(await vmids({ type: 'lxc' })).toEqual([200]);
    expect(await vmids({ status: 'running' })).toEqual([100, 200]);
    expect(await vmids({ tag: 'web' })).toEqual([100]);
    expect(await vmids({ node: 'pve1', tag: 'dev' })).toEqual([]);
  });

  it('should match guest selectors as the selector rules say', async () => {
    const vmids = async (selector: string) =>
      (await sut.list(TARGET, { selector })).map((entry) => entry.vmid);
    expect(await vmids('101')).toEqual([101]);
    expect(await vmids('web-*')).toEqual([100, 101]);
    expect(await vmids('WEB-10?')).toEqual([100, 101]);
    expect(await vmids('pve2/*')).toEqual([101]);
    expect(await vmids('pve?/dns-1')).toEqual([200]);
    expect(await vmids('web')).toEqual([]);
    expect(await vmids('99')).toEqual([]);
  });

  it('should match a node and a node selector together', async () => {
    expect((await sut.list(TARGET, { node: 'pve1', selector: 'pve2/*' })).map((entry) => entry.vmid)).toEqual(
      [],
    );
    expect((await sut.list(TARGET, { node: 'pve2', selector: 'PVE?/*' })).map((entry) => entry.vmid)).toEqual(
      [101],
    );
  });

  it('should page guests with their configs in VMID order', async () => {
    expect((await sut.page(TARGET, undefined, 2)).map((entry) => entry.vmid)).toEqual([100, 101]);
    const [next] = await sut.page(TARGET, 101, 2);
    expect(next && inventoryGuestOf(next)).toEqual(
      guest(200, { type: 'lxc', name: 'dns-1', tags: [], config: {} }),
    );
  });

  it('should record an uptime as of when it was observed, without touching what changed last', async () => {
    const later = new Date('2026-11-21T10:05:00Z');

    await transactions.run((tx) =>
      sut.touch(TARGET, [{ vmid: 101, uptimeSeconds: 7200, configReadAt: later, digest: 'def' }], later, tx),
    );

    expect(await sut.find(TARGET, 101)).toMatchObject({
      uptimeSeconds: 7200,
      digest: 'def',
      observedAt: later,
      configReadAt: later,
      updatedAt: observedAt,
    });
  });

  it('should keep what a touch leaves out, and when the uptime kept was observed', async () => {
    const later = new Date('2026-11-21T10:05:00Z');

    await transactions.run((tx) =>
      sut.touch(TARGET, [{ vmid: 100, uptimeSeconds: null, configReadAt: later, digest: null }], later, tx),
    );

    expect(await sut.find(TARGET, 100)).toMatchObject({
      uptimeSeconds: 3600,
      observedAt,
      digest: 'abc',
      configReadAt: later,
    });
  });

  it('should keep when a guest was first seen across updates', async () => {
    const later = new Date('2026-11-21T11:00:00Z');

    await transactions.run((tx) =>
      sut.upsert(
        [guestWriteOf(TARGET, guest(100, { status: 'stopped' }), { observedAt: later, configReadAt: later })],
        later,
        tx,
      ),
    );

    expect(await sut.find(TARGET, 100)).toMatchObject({
      status: 'stopped',
      firstSeenAt: observedAt,
      updatedAt: later,
    });
  });

  it('should give summaries of all guests or the ones asked for, and lock the ones asked for', async () => {
    expect([...(await sut.summaries(TARGET)).keys()].sort()).toEqual([100, 101, 200]);
    expect([...(await sut.summaries(TARGET, [101])).keys()]).toEqual([101]);
    const locked = await transactions.run((tx) => sut.lock(TARGET, [100, 999], tx));
    expect([...locked.keys()]).toEqual([100]);
  });

  it('should delete guests and count what is left, per node', async () => {
    await transactions.run((tx) => sut.delete(TARGET, [101], tx));

    expect(await sut.count(TARGET)).toBe(2);
    expect(await sut.countByNode(TARGET)).toEqual(new Map([['pve1', 2]]));
  });
});
