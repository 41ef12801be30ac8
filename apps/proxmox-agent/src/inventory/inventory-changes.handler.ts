import { Controller } from '@nestjs/common';
import { OnEvent } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InventoryView } from './inventory-view';

/**
 * Every replica hears each write of the inventory as it is announced (a batch of a pass
 * or a refresh, on any replica) and reads the inventory again at its next query. Every
 * write that changes guests announces itself once, after its per-guest events (which
 * this replica need not decode, ten thousand of them in a full pass), and a pass ends
 * with `evt.proxmox.inventory.synced` (which also covers guests written without a
 * change of their own, such as a new uptime).
 */
@Controller()
export class InventoryChangesHandler {
  constructor(private readonly view: InventoryView) {}

  @OnEvent(Subjects.proxmoxInventoryChanged, { everyReplica: true })
  changed(): void {
    this.view.forget();
  }

  @OnEvent(Subjects.proxmoxInventorySynced, { everyReplica: true })
  synced(): void {
    this.view.forget();
  }
}
