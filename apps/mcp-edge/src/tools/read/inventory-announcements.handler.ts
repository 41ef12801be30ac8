import { Controller } from '@nestjs/common';
import { OnEvent } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InventoryAnswers } from './inventory-answers';

/**
 * Every replica forgets the inventory answers it kept when proxmox-agent announces an
 * inventory write or the end of a pass, and when a cluster is added (which changes what a
 * call naming no cluster is answered).
 */
@Controller()
export class InventoryAnnouncementsHandler {
  constructor(private readonly answers: InventoryAnswers) {}

  @OnEvent([Subjects.proxmoxInventoryChanged, Subjects.proxmoxInventorySynced, Subjects.proxmoxTargetAdded], {
    everyReplica: true,
  })
  announced(): void {
    this.answers.forget();
  }
}
