import { InMemoryEventOutbox, type ConnectionWatch } from '@proxmox-mpc/bus';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { InMemoryGuestHistoryStore } from '../inventory/in-memory-guest-history.store';
import { InMemorySyncStateStore } from '../inventory/in-memory-sync-state.store';
import { InMemorySyncedGuestStore } from '../inventory/in-memory-synced-guest.store';
import { InMemorySyncedNodeStore } from '../inventory/in-memory-synced-node.store';
import { InMemoryTargetSyncLock } from '../inventory/in-memory-target-sync-lock';
import { InventoryFreshness } from '../inventory/inventory-freshness';
import { InventoryRecorder } from '../inventory/inventory-recorder';
import type { InventorySettings } from '../inventory/inventory-settings';
import { InventorySync } from '../inventory/inventory-sync';
import { InventoryView } from '../inventory/inventory-view';
import { RefreshGuestUseCase } from '../inventory/refresh-guest.use-case';
import { StoredSummaries } from '../inventory/stored-summaries';
import { SyncInventoryUseCase } from '../inventory/sync-inventory.use-case';
import { SyncPassFactory } from '../inventory/sync-pass-factory';
import type { TargetRegistry } from '../targets/target-registry';
import { testLogger } from './simulated-cluster';

/**
 * The agent's inventory with every store in memory: its use cases, and InventorySync
 * with an in-memory lock. Two made with the same `shared` parts are two replicas.
 */
export class InMemoryInventory {
  readonly guests: InMemorySyncedGuestStore;
  readonly nodes: InMemorySyncedNodeStore;
  readonly history: InMemoryGuestHistoryStore;
  readonly states: InMemorySyncStateStore;
  readonly lock: InMemoryTargetSyncLock;
  readonly outbox = new InMemoryEventOutbox('proxmox-agent');
  readonly clock: FakeClock;
  readonly syncInventory: SyncInventoryUseCase;
  readonly refreshGuest: RefreshGuestUseCase;
  readonly sync: InventorySync;
  readonly freshness: InventoryFreshness;
  /** This replica's view: it hears its own writes, not another replica's announcements. */
  readonly view: InventoryView;

  constructor(
    readonly targets: TargetRegistry,
    options: {
      settings?: Partial<InventorySettings>;
      clock?: FakeClock;
      shared?: InMemoryInventory;
      /** This replica's connection to the bus; by default one that never breaks. */
      connection?: ConnectionWatch;
    } = {},
  ) {
    const { shared, settings } = options;
    this.guests = shared?.guests ?? new InMemorySyncedGuestStore();
    this.nodes = shared?.nodes ?? new InMemorySyncedNodeStore();
    this.history = shared?.history ?? new InMemoryGuestHistoryStore();
    this.states = shared?.states ?? new InMemorySyncStateStore();
    this.lock = shared?.lock ?? new InMemoryTargetSyncLock();
    this.clock = options.clock ?? shared?.clock ?? new FakeClock(new Date());
    this.view = new InventoryView(
      this.guests,
      this.states,
      options.connection ?? { unbrokenConnection: () => 1 },
      this.clock,
    );
    const summaries = new StoredSummaries(this.guests, this.states);
    const recorder = new InventoryRecorder(
      this.guests,
      this.history,
      this.nodes,
      this.states,
      new InMemoryTransactions(),
      this.outbox,
      this.clock,
      this.view,
      summaries,
    );
    const passes = new SyncPassFactory(
      targets,
      this.guests,
      summaries,
      this.states,
      recorder,
      this.clock,
      testLogger,
      settings,
    );
    this.syncInventory = new SyncInventoryUseCase(passes, this.outbox);
    this.refreshGuest = new RefreshGuestUseCase(passes, this.outbox);
    this.sync = new InventorySync(
      targets,
      this.lock,
      this.states,
      this.syncInventory,
      this.refreshGuest,
      this.clock,
      'proxmox-agent',
      testLogger,
      settings,
    );
    this.freshness = new InventoryFreshness(this.sync, this.view, this.clock);
  }
}
