import { Controller } from '@nestjs/common';
import { OnEvent } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InventoryView } from './inventory-view';

/**
 * Every replica hears each write of the inventory as it is announced (a batch of a pass
 * or a refresh, on any replica) and the end of every pass, and reads the inventory again
 * at its next query. Every write that changes guests announces itself once, after its
 * guest events (which this replica need not decode).
 */
@Controller()
export class InventoryChangesHandler {
  constructor(private readonly view: InventoryView) {}

  @OnEvent([Subjects.proxmoxInventoryChanged, Subjects.proxmoxInventorySynced], { everyReplica: true })
  announced(): void {
    this.view.forget();
  }
}
