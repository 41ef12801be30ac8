import { Injectable } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type InventoryGuest, type Origin } from '@proxmox-mpc/contracts';
import { InventoryReader } from './inventory-reader';

// A guest with its config is 1-2 KB as JSON: 250 keep a page well under NATS's 1 MB limit.
const PAGE_SIZE = 250;

/** The agent's inventory over the bus (`qry.proxmox.inventory.export`), page by page. */
@Injectable()
export class BusInventoryReader extends InventoryReader {
  constructor(private readonly bus: MessageBus) {
    super();
  }

  async clusterName(origin: Origin, target?: string): Promise<string> {
    const page = await this.bus.query(
      Subjects.proxmoxInventoryExport,
      { limit: 1 },
      target ? { ...origin, target } : origin,
    );
    return page.target;
  }

  async read(origin: Origin, target?: string): Promise<{ target: string; guests: InventoryGuest[] }> {
    const guests: InventoryGuest[] = [];
    const scoped = target ? { ...origin, target } : origin;
    let afterVmid: number | undefined;
    let cluster = target;
    do {
      const page = await this.bus.query(
        Subjects.proxmoxInventoryExport,
        // Code is generated from the cluster as it is now: the first page asks for a sync.
        afterVmid === undefined ? { limit: PAGE_SIZE, maxAgeMs: 0 } : { limit: PAGE_SIZE, afterVmid },
        scoped,
        { timeoutMs: 60_000 },
      );
      guests.push(...page.guests);
      cluster = page.target;
      afterVmid = page.nextAfterVmid;
    } while (afterVmid !== undefined);
    return { target: cluster as string, guests };
  }
}
