import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { InMemoryTransactions, type Transactions } from '@proxmox-mpc/persistence';
import { openAgentDatabase, type AgentDatabase } from '../__tests__/agent-database';
import { GuestHistoryEntry } from './guest-history-entry.entity';
import type { GuestHistoryStore } from './guest-history.store';
import { InMemoryGuestHistoryStore } from './in-memory-guest-history.store';
import { InMemorySyncStateStore } from './in-memory-sync-state.store';
import { InMemorySyncedNodeStore } from './in-memory-synced-node.store';
import { InMemoryTargetSyncLock } from './in-memory-target-sync-lock';
import { PostgresGuestHistoryStore } from './postgres-guest-history.store';
import { PostgresSyncStateStore } from './postgres-sync-state.store';
import { PostgresSyncedNodeStore } from './postgres-synced-node.store';
import { PostgresTargetSyncLock } from './postgres-target-sync-lock';
import { SyncState } from './sync-state.entity';
import type { SyncStateStore } from './sync-state.store';
import { SyncedNode } from './synced-node.entity';
import type { SyncedNodeStore } from './synced-node.store';
import type { TargetSyncLock } from './target-sync-lock';

const TARGET = 'lab';
const at = new Date('2026-11-21T10:00:00Z');

interface Stores {
  nodes: SyncedNodeStore;
  history: GuestHistoryStore;
  /** The entries stored, oldest first. */
  historyRows(): Promise<GuestHistoryEntry[]>;
  states: SyncStateStore;
  lock: TargetSyncLock;
  transactions: Transactions;
}

let database: AgentDatabase | undefined;
const implementations: Array<{ name: string; open(): Promise<Stores>; close?(): Promise<void> }> = [
  {
    name: 'PostgreSQL',
    async open() {
      database ??= await openAgentDatabase();
      await database.clear();
      const { dataSource, transactions } = database;
      return {
        nodes: new PostgresSyncedNodeStore(dataSource),
        history: new PostgresGuestHistoryStore(dataSource),
        historyRows: () => dataSource.getRepository(GuestHistoryEntry).find({ order: { id: 'ASC' } }),
        states: new PostgresSyncStateStore(dataSource),
        lock: new PostgresTargetSyncLock(dataSource),
        transactions,
      };
    },
    close: async () => database?.close(),
  },
  {
    name: 'in memory',
    async open() {
      const history = new InMemoryGuestHistoryStore();
      return {
        nodes: new InMemorySyncedNodeStore(),
        history,
        historyRows: async () => history.rows,
        states: new InMemorySyncStateStore(),
        lock: new InMemoryTargetSyncLock(),
        transactions: new InMemoryTransactions(),
      };
    },
  },
];

function node(name: string): SyncedNode {
  return Object.assign(new SyncedNode(), {
    target: TARGET,
    node: name,
    status: 'online',
    cpus: 16,
    cpuUsage: 0.25,
    memoryBytes: 64 * 1024 ** 3,
    memoryUsedBytes: 20 * 1024 ** 3,
    uptimeSeconds: 86_400,
    updatedAt: at,
  });
}

function state(overrides: Partial<SyncState>): SyncState {
  return Object.assign(new SyncState(), {
    target: TARGET,
    lastSyncAt: at,
    lastFullSyncAt: at,
    lastMode: 'full',
    guests: 3,
    unreachableNodes: [],
    ...overrides,
  });
}

describe.each(implementations)('inventory stores ($name)', (implementation) => {
  let stores: Stores;

  beforeEach(async () => {
    stores = await implementation.open();
  });

  afterAll(async () => {
    await implementation.close?.();
  });

  it('should keep the nodes it is given and drop the others', async () => {
    const { nodes, transactions } = stores;
    await transactions.run((tx) => nodes.replace(TARGET, [node('pve1'), node('pve2'), node('pve3')], tx));
    await transactions.run((tx) => nodes.replace(TARGET, [node('pve2'), node('pve1')], tx));

    expect(await nodes.list(TARGET)).toEqual([node('pve1'), node('pve2')]);
  });

  it('should append history entries with their changes and snapshots as given', async () => {
    const snapshot = { vmid: 100, name: 'web-01', config: { memory: '2048' } } as unknown as InventoryGuest;
    const changes = [{ field: 'status', before: 'running', after: 'stopped' }];

    await stores.transactions.run((tx) =>
      stores.history.append(
        [
          { target: TARGET, vmid: 100, kind: 'created', changes: null, snapshot, changedAt: at },
          { target: TARGET, vmid: 100, kind: 'updated', changes, snapshot, changedAt: at },
        ],
        tx,
      ),
    );

    expect(
      (await stores.historyRows()).map(({ kind, changes, snapshot, changedAt }) => ({
        kind,
        changes,
        snapshot,
        changedAt,
      })),
    ).toEqual([
      { kind: 'created', changes: null, snapshot, changedAt: at },
      { kind: 'updated', changes, snapshot, changedAt: at },
    ]);
  });

  it('should keep the time of the last full sync through incremental ones', async () => {
    const later = new Date('2026-11-21T10:00:15Z');

    await stores.transactions.run((tx) => stores.states.record(state({}), tx));
    await stores.transactions.run((tx) =>
      stores.states.record(
        state({
          lastSyncAt: later,
          lastFullSyncAt: null,
          lastMode: 'incremental',
          unreachableNodes: ['pve2'],
        }),
        tx,
      ),
    );

    expect(await stores.states.find(TARGET)).toEqual(
      state({ lastSyncAt: later, lastFullSyncAt: at, lastMode: 'incremental', unreachableNodes: ['pve2'] }),
    );
    expect(await stores.states.find('other')).toBeUndefined();
  });

  it("should count each target's inventory writes, from 0", async () => {
    const { states, transactions } = stores;

    expect(await states.revision(TARGET)).toBe(0);
    expect(await transactions.run((tx) => states.advance(TARGET, tx))).toBe(1);
    expect(await transactions.run((tx) => states.advance(TARGET, tx))).toBe(2);
    expect(await states.revision(TARGET)).toBe(2);
    expect(await states.revision('other')).toBe(0);
  });

  it('should let one holder at a time take a target lock', async () => {
    const held = await stores.lock.tryAcquire(TARGET);

    expect(held).toBeDefined();
    expect(await stores.lock.tryAcquire(TARGET)).toBeUndefined();
    const other = await stores.lock.tryAcquire('other');
    expect(other).toBeDefined();
    await held?.release();
    await other?.release();
    const again = await stores.lock.tryAcquire(TARGET);
    expect(again).toBeDefined();
    await again?.release();
  });
});
