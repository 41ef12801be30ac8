import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { Subjects, type QueryResponseOf } from '@proxmox-mpc/contracts';
import type { PveHaResource, PveHaStatusEntry } from '@proxmox-mpc/pve-client';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type HaStatusReply = QueryResponseOf<typeof Subjects.proxmoxHaStatus>;

function resourceStatus(resource: PveHaResource, entries: readonly PveHaStatusEntry[]) {
  const service = entries.find((entry) => entry.type === 'service' && entry.sid === resource.sid);
  return {
    sid: resource.sid,
    vmid: Number(resource.sid.split(':')[1]),
    type: resource.type,
    requestState: resource.state ?? 'started',
    // A resource the manager has not picked up yet has no service entry: queued.
    state: service?.state ?? 'queued',
    node: service?.node ?? '',
    ...(resource.max_restart === undefined ? {} : { maxRestart: resource.max_restart }),
    ...(resource.max_relocate === undefined ? {} : { maxRelocate: resource.max_relocate }),
    ...(resource.comment === undefined ? {} : { comment: resource.comment }),
  };
}

/**
 * The cluster's HA: the manager, each node's resource manager and every resource. A
 * cluster where nobody configured HA (no resources, no manager ever elected) is refused
 * as NOT_CONFIGURED rather than answered with an empty picture.
 */
@Injectable()
export class GetHaStatusUseCase {
  constructor(private readonly targets: TargetRegistry) {}

  execute({ target: name }: { target?: string }): Promise<HaStatusReply> {
    return liveRead(this.targets, name, async (target) => {
      const [entries, resources] = await Promise.all([target.client.haStatus(), target.client.haResources()]);
      const master = entries.find((entry) => entry.type === 'master');
      if (!master && resources.length === 0) {
        throw new HandlerError(
          'NOT_CONFIGURED',
          `HA is not configured on cluster "${target.name}": no HA resources and no HA manager (adding a resource starts it)`,
          false,
        );
      }
      const quorum = entries.find((entry) => entry.type === 'quorum');
      return {
        target: target.name,
        quorate: Boolean(quorum?.quorate),
        ...(master ? { manager: { node: master.node, status: master.status } } : {}),
        nodes: entries
          .filter((entry) => entry.type === 'lrm')
          .map((entry) => ({ node: entry.node, status: entry.status })),
        resources: resources.map((resource) => resourceStatus(resource, entries)),
      };
    });
  }
}
