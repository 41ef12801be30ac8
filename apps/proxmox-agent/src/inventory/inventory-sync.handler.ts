import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MessageBus, OnCommand } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope } from '@proxmox-mpc/contracts';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { TargetRegistry } from '../targets/target-registry';
import { InventorySync } from './inventory-sync';

/**
 * An operator's `/sync`: one pass over the envelope's target now, its progress published
 * as it goes; the pass's own `evt.proxmox.inventory.synced` ends the command.
 */
@Controller()
export class InventorySyncHandler {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly inventorySync: InventorySync,
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnCommand(Subjects.proxmoxInventorySync)
  async sync(@Payload() command: Envelope<DataOf<typeof Subjects.proxmoxInventorySync>>): Promise<void> {
    const target = this.targets.resolve(command.target).name;
    const mode = command.data.mode ?? 'incremental';
    const origin = { ...originFrom(command), target };
    await this.inventorySync.syncRequested(target, mode, origin, (progress) => {
      // Progress is worth nothing once late: published straight away, dropped on failure.
      void this.bus
        .publish(Subjects.proxmoxInventorySyncProgress, { target, mode, ...progress }, origin)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not publish sync progress'));
    });
  }
}
