import { Controller } from '@nestjs/common';
import { OnEvent } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InventoryAnswers } from './inventory-answers';

/**
 * Every replica hears each inventory write as proxmox-agent announces it (after its
 * guest events), the end of every sync pass (which also covers guests written without a
 * change of their own, such as a new uptime) and each cluster added, and forgets the
 * answers it kept.
 */
@Controller()
export class InventoryAnnouncementsHandler {
  constructor(private readonly answers: InventoryAnswers) {}

  @OnEvent(Subjects.proxmoxInventoryChanged, { everyReplica: true })
  changed(): void {
    this.answers.forget();
  }

  @OnEvent(Subjects.proxmoxInventorySynced, { everyReplica: true })
  synced(): void {
    this.answers.forget();
  }

  @OnEvent(Subjects.proxmoxTargetAdded, { everyReplica: true })
  targetAdded(): void {
    this.answers.forget();
  }
}
