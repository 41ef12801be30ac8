import { Injectable } from '@nestjs/common';
import { Subjects, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { GuestLocator } from '../inventory/guest-locator';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

// PVE lists the live state as a pseudo-snapshot named "current".
const CURRENT = 'current';

export type ListSnapshots = QueryRequestOf<typeof Subjects.proxmoxSnapshotsList> & { target?: string };
export type Snapshots = QueryResponseOf<typeof Subjects.proxmoxSnapshotsList>;

/** A guest's snapshots, read live. */
@Injectable()
export class ListSnapshotsUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly locator: GuestLocator,
  ) {}

  execute({ target: name, vmid }: ListSnapshots): Promise<Snapshots> {
    return liveRead(this.targets, name, async (target) => {
      const guest = await this.locator.locate(target, vmid);
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
    });
  }
}
