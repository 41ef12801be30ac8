import { Injectable } from '@nestjs/common';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { guestDocument } from '../sources/inventory-documents';
import { inventorySource } from '../sources/inventory-source';
import { DocumentIndexer } from './document-indexer';

/** Keeps one guest's document current as the agent announces changes to it. */
@Injectable()
export class IndexGuestUseCase {
  constructor(private readonly indexer: DocumentIndexer) {}

  async upsert(target: string, guest: InventoryGuest): Promise<void> {
    await this.indexer.index(inventorySource(target), [guestDocument(target, guest)]);
  }

  async remove(target: string, vmid: number): Promise<void> {
    await this.indexer.remove(inventorySource(target), [`${target}/${vmid}`]);
  }
}
