import { Controller } from '@nestjs/common';
import { OnEvent } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InventoryView } from './inventory-view';

/**
 * Every replica hears each inventory change as it is announced (a pass or a refresh on
 * any replica) and reads the inventory again at its next query. Every write announces
 * itself in its own transaction, and a pass ends with `evt.proxmox.inventory.synced`
 * (which also covers guests seen again unchanged, written without an event of their own).
 */
@Controller()
export class InventoryChangesHandler {
  constructor(private readonly view: InventoryView) {}

  @OnEvent(Subjects.proxmoxInventoryGuestCreated, { everyReplica: true })
  guestCreated(): void {
    this.view.forget();
  }

  @OnEvent(Subjects.proxmoxInventoryGuestUpdated, { everyReplica: true })
  guestUpdated(): void {
    this.view.forget();
  }

  @OnEvent(Subjects.proxmoxInventoryGuestDeleted, { everyReplica: true })
  guestDeleted(): void {
    this.view.forget();
  }

  @OnEvent(Subjects.proxmoxInventorySynced, { everyReplica: true })
  synced(): void {
    this.view.forget();
  }
}
