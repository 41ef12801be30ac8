import type { SimTask } from '../tasks/sim-task';
import type { ClusterNode, NodeStorage } from './cluster-node';
import type { Guest, GuestType } from './guest';

export interface ClusterInventory {
  readonly nodes: readonly ClusterNode[];
  readonly guests: readonly Guest[];
  readonly storages: readonly NodeStorage[];
}

/**
 * Everything the simulated cluster knows: nodes, guests (keyed by vmid, which is
 * unique cluster-wide in PVE), storages and the tasks that ran.
 */
export class SimulatorState {
  readonly #nodes: ReadonlyMap<string, ClusterNode>;
  readonly #guests = new Map<number, Guest>();
  readonly #storages: readonly NodeStorage[];
  readonly #tasks = new Map<string, SimTask>();

  constructor(inventory: ClusterInventory) {
    this.#nodes = new Map(inventory.nodes.map((node) => [node.name, node]));
    for (const guest of inventory.guests) {
      if (this.#guests.has(guest.vmid)) throw new Error(`duplicate vmid ${guest.vmid} in inventory`);
      if (!this.#nodes.has(guest.node))
        throw new Error(`guest ${guest.vmid} is on unknown node '${guest.node}'`);
      this.#guests.set(guest.vmid, guest);
    }
    this.#storages = inventory.storages;
  }

  nodes(): readonly ClusterNode[] {
    return [...this.#nodes.values()];
  }

  node(name: string): ClusterNode | undefined {
    return this.#nodes.get(name);
  }

  guests(): readonly Guest[] {
    return [...this.#guests.values()];
  }

  guest(vmid: number): Guest | undefined {
    return this.#guests.get(vmid);
  }

  /** The guest as PVE's `load_config` on `node` finds it: same node and same type, or nothing. */
  guestOn(node: string, type: GuestType, vmid: number): Guest | undefined {
    const guest = this.#guests.get(vmid);
    return guest?.node === node && guest.type === type ? guest : undefined;
  }

  guestsOn(node: string, type: GuestType): readonly Guest[] {
    return this.guests().filter((guest) => guest.node === node && guest.type === type);
  }

  storages(): readonly NodeStorage[] {
    return this.#storages;
  }

  tasks(): readonly SimTask[] {
    return [...this.#tasks.values()];
  }

  task(upid: string): SimTask | undefined {
    return this.#tasks.get(upid);
  }

  addTask(task: SimTask): void {
    this.#tasks.set(task.upid, task);
  }
}
