import { QueryFailed } from '@proxmox-mpc/bus';
import { Subjects, type InventoryGuest, type Origin } from '@proxmox-mpc/contracts';
import { InventoryReader } from './inventory-reader';

/** One cluster's inventory in memory, for unit tests of what reads it. */
export class InMemoryInventoryReader extends InventoryReader {
  constructor(
    readonly target: string,
    public guests: InventoryGuest[] = [],
  ) {
    super();
  }

  async clusterName(_origin: Origin, target: string = this.target): Promise<string> {
    if (target !== this.target) {
      // What the agent answers for a cluster it does not manage.
      throw new QueryFailed(Subjects.proxmoxInventoryExport, {
        code: 'NOT_FOUND',
        message: `target "${target}" is not managed by this agent (known: ${this.target})`,
      });
    }
    return target;
  }

  async read(origin: Origin, target?: string): Promise<{ target: string; guests: InventoryGuest[] }> {
    return { target: await this.clusterName(origin, target), guests: structuredClone(this.guests) };
  }
}
