import { Injectable } from '@nestjs/common';
import type { DataOf, InventoryGuest, Subjects } from '@proxmox-mpc/contracts';
import { diffGuestResources, liveGuestResources, type GuestResourceBody } from '@proxmox-mpc/iac';
import { asDrift } from './as-drift';
import { DesiredStates } from './desired-states';

type Drift = DataOf<typeof Subjects.iacDriftDetected>;

/** A guest as the agent announced it: changed or created (`guest`), or deleted (no `guest`). */
export interface GuestChanged {
  target: string;
  vmid: number;
  guest?: InventoryGuest;
}

/**
 * Compares the guests the agent announced together with every workspace of their
 * cluster, and gives each disagreement with the attributes that differ. The workspaces'
 * revisions are resolved once for all of them: a sync pass announces hundreds at once.
 */
@Injectable()
export class DetectDriftUseCase {
  constructor(private readonly desiredStates: DesiredStates) {}

  async execute(changes: readonly GuestChanged[]): Promise<Drift[]> {
    const drifts: Drift[] = [];
    // Rendered only when some workspace describes the guest's cluster (most events concern
    // none), and once however many workspaces do.
    const rendered = new Map<GuestChanged, Promise<GuestResourceBody | undefined>>();
    const live = (change: GuestChanged): Promise<GuestResourceBody | undefined> => {
      let resource = rendered.get(change);
      if (!resource) {
        resource = change.guest
          ? liveGuestResources([change.guest]).then((resources) => resources[0])
          : Promise.resolve(undefined);
        rendered.set(change, resource);
      }
      return resource;
    };
    for (const workspace of await this.desiredStates.workspaces()) {
      const ofCluster = changes.filter((change) => change.target === workspace.settings.target);
      if (ofCluster.length === 0) continue;
      const state = await this.desiredStates.of(workspace);
      // A workspace nothing was imported into yet describes no guests: nothing can drift.
      if (!state || state.byVmid.size === 0) continue;
      for (const change of ofCluster) {
        const wanted = state.byVmid.get(change.vmid);
        const current = await live(change);
        for (const difference of diffGuestResources(wanted ? [wanted] : [], current ? [current] : [])) {
          drifts.push({
            workspace: workspace.settings.name,
            target: change.target,
            revision: state.revision,
            ...asDrift(difference),
          });
        }
      }
    }
    return drifts;
  }
}
