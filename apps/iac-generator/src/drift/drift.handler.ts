import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, OnEvent, type Emit } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Envelope, type InventoryGuest } from '@proxmox-mpc/contracts';
import {
  attributeChanges,
  guestResourcesOf,
  liveGuestResources,
  parseHcl,
  type GuestResourceBody,
  type HclJson,
} from '@proxmox-mpc/iac';
import type { Workspace } from '../workspaces/workspace-store';
import { WorkspaceStore } from '../workspaces/workspace-store';

type Drift = Emit<typeof Subjects.iacDriftDetected>;

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
  private readonly desired = new Map<string, DesiredState>();

  constructor(private readonly store: WorkspaceStore) {}

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
    const live = guest ? (await liveGuestResources([guest]))[0] : undefined;
    const drifts: Drift[] = [];
    for (const workspace of await this.store.list()) {
      if (workspace.settings.target !== target) continue;
      const state = await this.desiredState(workspace);
      // A workspace nothing was imported into yet describes no guests: nothing can drift.
      if (!state || state.byVmid.size === 0) continue;
      const wanted = state.byVmid.get(vmid);
      const base = { workspace: workspace.settings.name, target, revision: state.revision, vmid };
      if (wanted && !live) {
        drifts.push(
          emit(Subjects.iacDriftDetected, { ...base, address: wanted.address, kind: 'missing', changes: [] }),
        );
      } else if (!wanted && live) {
        drifts.push(emit(Subjects.iacDriftDetected, { ...base, kind: 'unmanaged', changes: [] }));
      } else if (wanted && live) {
        const changes = attributeChanges(wanted.body, live.body);
        if (changes.length) {
          drifts.push(
            emit(Subjects.iacDriftDetected, { ...base, address: wanted.address, kind: 'changed', changes }),
          );
        }
      }
    }
    return drifts;
  }

  /** The guest resources at the workspace's HEAD, parsed once per revision (HEAD is read on every event). */
  private async desiredState(workspace: Workspace): Promise<DesiredState | undefined> {
    const name = workspace.settings.name;
    const cached = this.desired.get(name);
    const revision = await workspace.git.currentRevision().catch(() => undefined);
    if (!revision) return undefined;
    if (cached?.revision === revision) return cached;
    const parsed: HclJson[] = [];
    for (const file of await workspace.git.filesAt(revision)) {
      if (!file.path.endsWith('.tf')) continue;
      const result = await parseHcl(file.path, file.content);
      // A file that does not parse is test-runner's to report; drift compares what parses.
      if (result.ok) parsed.push(result.json);
    }
    const byVmid = new Map<number, GuestResourceBody>();
    for (const resource of guestResourcesOf(parsed)) {
      if (resource.vmid !== undefined) byVmid.set(resource.vmid, resource);
    }
    const state = { revision, byVmid };
    this.desired.set(name, state);
    return state;
  }
}
