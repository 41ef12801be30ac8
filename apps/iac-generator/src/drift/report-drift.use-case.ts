import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import type { Origin, QueryRequestOf, QueryResponseOf, Subjects } from '@proxmox-mpc/contracts';
import { diffGuestResources, InventoryReader, liveGuestResources } from '@proxmox-mpc/iac';
import { WorkspaceStore } from '../workspaces/workspace.store';
import { asDrift } from './as-drift';
import { DesiredStates } from './desired-states';

/** The query's data, and who asked. */
export type ReportDrift = QueryRequestOf<typeof Subjects.iacDriftReport> & { origin: Origin };

/** Every drift of a workspace now: its HEAD against the cluster as the agent reads it. */
@Injectable()
export class ReportDriftUseCase {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly desiredStates: DesiredStates,
    private readonly inventory: InventoryReader,
  ) {}

  async execute({
    workspace: name,
    origin,
  }: ReportDrift): Promise<QueryResponseOf<typeof Subjects.iacDriftReport>> {
    const workspace = await this.store.open(name);
    const state = await this.desiredStates.of(workspace);
    if (!state) throw new HandlerError('NOT_FOUND', `workspace "${name}" has no commit yet`, false);
    const { target, guests } = await this.inventory.read(origin, workspace.settings.target);
    const plan = diffGuestResources([...state.byVmid.values()], await liveGuestResources(guests));
    return {
      workspace: workspace.settings.name,
      target,
      revision: state.revision,
      drifts: plan.map(asDrift),
    };
  }
}
