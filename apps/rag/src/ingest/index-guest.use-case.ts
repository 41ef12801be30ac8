import { Injectable } from '@nestjs/common';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { guestDocument } from '../sources/inventory-documents';
import { inventorySource } from '../sources/inventory-source';
import { DocumentIndexer } from './document-indexer';
import { SerialBatcher } from './serial-batcher';
import { SourceLanes } from './source-lanes';

type GuestChange = { target: string; vmid: number; guest?: InventoryGuest };

/**
 * Keeps guests' documents current as the agent announces changes to them. The changes
 * that come in together are indexed together: a full sync announces every guest, and one
 * transaction each (each recounting the corpus statistics) made rag the busiest
 * process on the machine while it ran. A cluster's changes wait in its source's lane
 * while the cluster is reconciled.
 */
@Injectable()
export class IndexGuestUseCase {
  private readonly changes = new SerialBatcher<GuestChange>((batch) => this.apply(batch));

  constructor(
    private readonly indexer: DocumentIndexer,
    private readonly lanes: SourceLanes,
  ) {}

  /** Resolves once the guest's document is written. */
  upsert(target: string, guest: InventoryGuest): Promise<void> {
    return this.changes.add({ target, vmid: guest.vmid, guest });
  }

  /** Resolves once the guest's document is gone. */
  remove(target: string, vmid: number): Promise<void> {
    return this.changes.add({ target, vmid });
  }

  /** The batch's last word on each guest: per cluster, one write for the removed, one for the rest. */
  private async apply(batch: readonly GuestChange[]): Promise<void> {
    const latest = new Map<string, Map<number, GuestChange>>();
    for (const change of batch) {
      const ofTarget = latest.get(change.target) ?? new Map<number, GuestChange>();
      ofTarget.set(change.vmid, change);
      latest.set(change.target, ofTarget);
    }
    for (const [target, changes] of latest) {
      const source = inventorySource(target);
      const kept = [...changes.values()];
      await this.lanes.run(source.name, async () => {
        await this.indexer.remove(
          source,
          kept.filter((change) => !change.guest).map((change) => `${target}/${change.vmid}`),
        );
        await this.indexer.index(
          source,
          kept.flatMap((change) => (change.guest ? [guestDocument(target, change.guest)] : [])),
        );
      });
    }
  }
}
