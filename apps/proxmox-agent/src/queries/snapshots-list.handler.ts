import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type SnapshotSummary } from '@proxmox-mpc/contracts';
import { GuestLocator } from '../inventory/guest-locator';
import { toHandlerError } from '../targets/pve-errors';
import { TargetRegistry } from '../targets/target-registry';

// PVE lists the live state as a pseudo-snapshot named "current".
const CURRENT = 'current';

@Controller()
export class SnapshotsListHandler {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly locator: GuestLocator,
  ) {}

  @OnQuery(Subjects.proxmoxSnapshotsList)
  async handle(
    @Payload() request: Envelope<{ vmid: number }>,
  ): Promise<{ target: string; vmid: number; snapshots: SnapshotSummary[]; current?: string }> {
    const target = this.targets.resolve(request.target);
    try {
      const guest = await this.locator.locate(target, request.data.vmid);
      const entries = await target.client.listSnapshots(guest.node, guest.type, guest.vmid);
      const current = entries.find((entry) => entry.name === CURRENT)?.parent;
      return {
        target: target.name,
        vmid: guest.vmid,
        snapshots: entries
          .filter((entry) => entry.name !== CURRENT)
          .map((entry) => ({
            name: entry.name,
            ...(entry.description ? { description: entry.description } : {}),
            ...(entry.parent ? { parent: entry.parent } : {}),
            ...(entry.snaptime ? { createdAt: new Date(entry.snaptime * 1000).toISOString() } : {}),
            includesRam: Boolean(entry.vmstate),
          })),
        ...(current ? { current } : {}),
      };
    } catch (error) {
      throw toHandlerError(error);
    }
  }
}
