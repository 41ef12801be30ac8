import { Injectable } from '@nestjs/common';
import { Subjects, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type GetPendingChanges = QueryRequestOf<typeof Subjects.proxmoxGuestPending> & { target?: string };
export type PendingChanges = QueryResponseOf<typeof Subjects.proxmoxGuestPending>;

/** The config changes of a guest that wait for its next start (what Proxmox could not apply live). */
@Injectable()
export class GetPendingChangesUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute({ target: name, vmid, node, type }: GetPendingChanges): Promise<PendingChanges> {
    return liveRead(this.targets, name, async (target) => {
      const entries = await target.client.guestPending(node, type, vmid);
      return {
        target: target.name,
        vmid,
        node,
        changes: entries
          .filter((entry) => entry.pending !== undefined || Boolean(entry.delete))
          .map((entry) => ({
            key: entry.key,
            ...(entry.value === undefined ? {} : { current: String(entry.value) }),
            ...(entry.pending === undefined ? {} : { pending: String(entry.pending) }),
            deleting: Boolean(entry.delete),
          })),
      };
    });
  }
}
