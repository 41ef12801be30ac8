import { Injectable } from '@nestjs/common';
import { guestResourcesOf, parseHcl, type GuestResourceBody, type HclJson } from '@proxmox-mpc/iac';
import { Clock } from '@proxmox-mpc/service-runtime';
import { headOf, WorkspaceStore, type Workspace } from '../workspaces/workspace.store';

// A workspace another replica created a moment ago is compared from the next listing on;
// one created here, at once.
const LIST_TTL_MS = 2_000;

/** The guest resources a workspace's revision describes, by VMID. */
export interface DesiredState {
  revision: string;
  byVmid: Map<number, GuestResourceBody>;
}

/**
 * What the workspaces describe, cheaply enough to ask on every inventory event: a full
 * sync announces thousands of guests in seconds. The workspaces are listed at most once
 * per LIST_TTL_MS, and each revision is parsed once, however many events ask at once.
 */
@Injectable()
export class DesiredStates {
  private readonly parsed = new Map<string, { revision: string; state: Promise<DesiredState> }>();
  private listing: { workspaces: Promise<Workspace[]>; at: number; created: number } | undefined;

  constructor(
    private readonly store: WorkspaceStore,
    private readonly clock: Clock,
  ) {}

  /** Every workspace, as listed at most LIST_TTL_MS ago and since this replica last created one. */
  workspaces(): Promise<Workspace[]> {
    const now = this.clock.now().getTime();
    const created = this.store.created;
    if (!this.listing || now - this.listing.at > LIST_TTL_MS || this.listing.created !== created) {
      this.listing = { workspaces: this.store.list(), at: now, created };
    }
    return this.listing.workspaces;
  }

  /** The guest resources at the workspace's HEAD (read each time), or undefined before its first commit. */
  async of(workspace: Workspace): Promise<DesiredState | undefined> {
    const name = workspace.settings.name;
    const revision = await headOf(workspace);
    if (!revision) return undefined;
    const cached = this.parsed.get(name);
    if (cached?.revision === revision) return cached.state;
    const state = parseRevision(workspace, revision);
    this.parsed.set(name, { revision, state });
    state.catch(() => this.parsed.delete(name));
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
