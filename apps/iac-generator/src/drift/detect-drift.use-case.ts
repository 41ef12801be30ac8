import { Injectable } from '@nestjs/common';
import type { DataOf, InventoryGuest, Subjects } from '@proxmox-mpc/contracts';
import { diffGuestResources, liveGuestResources, type GuestResourceBody } from '@proxmox-mpc/iac';
import { asDrift } from './as-drift';
import { DesiredStates } from './desired-states';

type Drift = DataOf<typeof Subjects.iacDriftDetected>;

/** One guest as the agent announced it: changed or created (`guest`), or deleted (no `guest`). */
export interface GuestChanged {
  target: string;
  vmid: number;
  guest?: InventoryGuest;
}

/**
 * Compares one guest the agent announced with every workspace of its cluster, and gives
 * each disagreement with the attributes that differ.
 */
@Injectable()
export class DetectDriftUseCase {
  constructor(private readonly desiredStates: DesiredStates) {}

  async execute({ target, vmid, guest }: GuestChanged): Promise<Drift[]> {
    const drifts: Drift[] = [];
    // Rendered only when some workspace describes this cluster: most events concern none.
    let live: Promise<GuestResourceBody | undefined> | undefined;
    for (const workspace of await this.desiredStates.workspaces()) {
      if (workspace.settings.target !== target) continue;
      const state = await this.desiredStates.of(workspace);
      // A workspace nothing was imported into yet describes no guests: nothing can drift.
      if (!state || state.byVmid.size === 0) continue;
      live ??= guest
        ? liveGuestResources([guest]).then((resources) => resources[0])
        : Promise.resolve(undefined);
      const wanted = state.byVmid.get(vmid);
      const current = await live;
      for (const change of diffGuestResources(wanted ? [wanted] : [], current ? [current] : [])) {
        drifts.push({
          workspace: workspace.settings.name,
          target,
          revision: state.revision,
          ...asDrift(change),
        });
      }
    }
    return drifts;
  }
}
