import { Injectable } from '@nestjs/common';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type InventoryGuest, type Origin } from '@proxmox-mpc/contracts';
import { InventoryReader } from './inventory-reader';

// A guest with its config is 1-2 KB as JSON: 250 keep the first page well under NATS's
// 1 MB limit. The next pages hold as many guests as the first ones' size says fit in
// PAGE_BYTES (at most the contract's 1,000): fewer round trips for 10,000 small guests.
const FIRST_PAGE_SIZE = 250;
const PAGE_BYTES = 512 * 1024;
const MAX_PAGE_SIZE = 1_000;

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

  async read(
    origin: Origin,
    target?: string,
    maxAgeMs: number | 'stored' = 0,
  ): Promise<{ target: string; guests: InventoryGuest[] }> {
    const guests: InventoryGuest[] = [];
    const scoped = target ? { ...origin, target } : origin;
    let afterVmid: number | undefined;
    let cluster = target;
    let limit = FIRST_PAGE_SIZE;
    let bytes = 0;
    do {
      const page = await this.bus.query(
        Subjects.proxmoxInventoryExport,
        // The first page says how fresh the inventory must be (0: sync it now); every page
        // of a stored read says so, lest a later one sync.
        maxAgeMs === 'stored'
          ? { limit, storedOnly: true, ...(afterVmid === undefined ? {} : { afterVmid }) }
          : afterVmid === undefined
            ? { limit, maxAgeMs }
            : { limit, afterVmid },
        scoped,
        { timeoutMs: 60_000 },
      );
      guests.push(...page.guests);
      bytes += JSON.stringify(page.guests).length;
      limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor((PAGE_BYTES * guests.length) / bytes)));
      cluster = page.target;
      afterVmid = page.nextAfterVmid;
    } while (afterVmid !== undefined);
    return { target: cluster as string, guests };
  }
}
