import { randomUUID } from 'node:crypto';
import type { Envelope } from '@proxmox-mpc/contracts';
import type { PveSimulatorOptions } from '@proxmox-mpc/pve-sim';
import { GuestLocator } from '../inventory/guest-locator';
import { InMemoryOperationJournalStore } from '../operations/in-memory-operation-journal.store';
import { OperationRunner } from '../operations/operation-runner';
import { InMemoryProgressReporter } from '../operations/progress-reporter';
import { InMemoryInventory } from './in-memory-inventory';
import { SimulatedCluster, testLogger } from './simulated-cluster';

/** A command envelope as the bus delivers it, for running operations directly. */
export function commandOf<C>(data: C, id: string = randomUUID()): Envelope<C> {
  return {
    id,
    type: 'command',
    source: 'operation-runner-spec',
    time: new Date().toISOString(),
    correlationId: `operation-${id}`,
    actor: { kind: 'agent', id: 'token:ci' },
    data,
  };
}

/** The runner with in-memory journal, inventory and progress, against the simulated homelab. */
export class OperationRunnerFixture {
  private constructor(
    readonly cluster: SimulatedCluster,
    readonly inventory: InMemoryInventory,
    readonly journals: InMemoryOperationJournalStore,
    readonly progress: InMemoryProgressReporter,
    readonly sut: OperationRunner,
  ) {}

  static async start(options: PveSimulatorOptions = {}): Promise<OperationRunnerFixture> {
    const cluster = await SimulatedCluster.start(options);
    const inventory = new InMemoryInventory(cluster.targets);
    const journals = new InMemoryOperationJournalStore();
    const progress = new InMemoryProgressReporter();
    const sut = new OperationRunner(
      cluster.targets,
      journals,
      new GuestLocator(inventory.guests),
      inventory.sync,
      progress,
      inventory.clock,
      testLogger,
    );
    return new OperationRunnerFixture(cluster, inventory, journals, progress, sut);
  }

  async stop(): Promise<void> {
    await this.inventory.sync.stop();
    await this.cluster.stop();
  }
}
