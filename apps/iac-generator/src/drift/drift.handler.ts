import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, HandlerError, OnEvent, OnQuery, type Emit } from '@proxmox-mpc/bus';
import {
  originFrom,
  Subjects,
  type DataOf,
  type Envelope,
  type GuestDrift,
  type InventoryGuest,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import {
  diffGuestResources,
  guestResourcesOf,
  InventoryReader,
  liveGuestResources,
  parseHcl,
  type GuestResourceBody,
  type HclJson,
  type ResourceChange,
} from '@proxmox-mpc/iac';
import type { Workspace } from '../workspaces/workspace-store';
import { WorkspaceStore } from '../workspaces/workspace-store';

type Drift = Emit<typeof Subjects.iacDriftDetected>;

// A workspace created a moment ago is compared from the next listing on.
const LIST_TTL_MS = 2_000;

interface DesiredState {
  revision: string;
  byVmid: Map<number, GuestResourceBody>;
}

/**
 * Compares every inventory change with the workspaces of that cluster, as soon as the
 * agent announces it, and reports each disagreement as evt.iac.drift.detected with the
 * attributes that differ.
 */
@Controller()
export class DriftHandler {
  private readonly desired = new Map<string, { revision: string; state: Promise<DesiredState> }>();
  private workspaces: { listed: Promise<Workspace[]>; at: number } | undefined;

  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
  ) {}

  @OnQuery(Subjects.iacDriftReport)
  async report(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.iacDriftReport>>,
  ): Promise<QueryResponseOf<typeof Subjects.iacDriftReport>> {
    const workspace = await this.store.open(request.data.workspace);
    const state = await this.desiredState(workspace);
    if (!state)
      throw new HandlerError('NOT_FOUND', `workspace "${request.data.workspace}" has no commit yet`, false);
    const { target, guests } = await this.inventory.read(originFrom(request), workspace.settings.target);
    const plan = diffGuestResources([...state.byVmid.values()], await liveGuestResources(guests));
    return {
      workspace: workspace.settings.name,
      target,
      revision: state.revision,
      drifts: plan.map(asDrift),
    };
  }

  @OnEvent(Subjects.proxmoxInventoryGuestCreated)
  created(
    @Payload() event: Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestCreated>>,
  ): Promise<Drift[]> {
    return this.compare(event.data.target, event.data.guest.vmid, event.data.guest);
  }

  @OnEvent(Subjects.proxmoxInventoryGuestUpdated)
  updated(
    @Payload() event: Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestUpdated>>,
  ): Promise<Drift[]> {
    return this.compare(event.data.target, event.data.guest.vmid, event.data.guest);
  }

  @OnEvent(Subjects.proxmoxInventoryGuestDeleted)
  deleted(
    @Payload() event: Envelope<DataOf<typeof Subjects.proxmoxInventoryGuestDeleted>>,
  ): Promise<Drift[]> {
    return this.compare(event.data.target, event.data.vmid, undefined);
  }

  private async compare(target: string, vmid: number, guest: InventoryGuest | undefined): Promise<Drift[]> {
    const drifts: Drift[] = [];
    // Rendered only when some workspace describes this cluster: most events concern none.
    let live: Promise<GuestResourceBody | undefined> | undefined;
    for (const workspace of await this.workspacesNow()) {
      if (workspace.settings.target !== target) continue;
      const state = await this.desiredState(workspace);
      // A workspace nothing was imported into yet describes no guests: nothing can drift.
      if (!state || state.byVmid.size === 0) continue;
      live ??= guest
        ? liveGuestResources([guest]).then((resources) => resources[0])
        : Promise.resolve(undefined);
      const wanted = state.byVmid.get(vmid);
      const base = { workspace: workspace.settings.name, target, revision: state.revision };
      const current = await live;
      for (const change of diffGuestResources(wanted ? [wanted] : [], current ? [current] : [])) {
        drifts.push(emit(Subjects.iacDriftDetected, { ...base, ...asDrift(change) }));
      }
    }
    return drifts;
  }

  /**
   * The workspaces, listed at most once per LIST_TTL_MS: a full sync announces thousands
   * of guests in seconds, and each must not read the workspace folder again.
   */
  private workspacesNow(): Promise<Workspace[]> {
    if (!this.workspaces || Date.now() - this.workspaces.at > LIST_TTL_MS) {
      this.workspaces = { listed: this.store.list(), at: Date.now() };
    }
    return this.workspaces.listed;
  }

  /**
   * The guest resources at the workspace's HEAD (read on every event), parsed once per
   * revision: concurrent events share one parse instead of each starting their own.
   */
  private async desiredState(workspace: Workspace): Promise<DesiredState | undefined> {
    const name = workspace.settings.name;
    const revision = await workspace.git.currentRevision().catch(() => undefined);
    if (!revision) return undefined;
    const cached = this.desired.get(name);
    if (cached?.revision === revision) return cached.state;
    const state = parseRevision(workspace, revision);
    this.desired.set(name, { revision, state });
    state.catch(() => this.desired.delete(name));
    return state;
  }
}

async function parseRevision(workspace: Workspace, revision: string): Promise<DesiredState> {
  const parsed: HclJson[] = [];
  for (const file of await workspace.git.filesAt(revision, (path) => path.endsWith('.tf'))) {
    const result = await parseHcl(file.path, file.content);
    // A file that does not parse is test-runner's to report; drift compares what parses.
    if (result.ok) parsed.push(result.json);
  }
  const byVmid = new Map<number, GuestResourceBody>();
  for (const resource of guestResourcesOf(parsed)) {
    if (resource.vmid !== undefined) byVmid.set(resource.vmid, resource);
  }
  return { revision, byVmid };
}

/** A planned change seen the other way round: how the cluster departs from the code. */
function asDrift(change: ResourceChange): GuestDrift {
  const kind = change.action === 'create' ? 'missing' : change.action === 'delete' ? 'unmanaged' : 'changed';
  return {
    vmid: change.vmid ?? 0,
    ...(kind === 'unmanaged' ? {} : { address: change.address }),
    kind,
    changes: change.changes,
  };
}
