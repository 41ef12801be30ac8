import { Injectable } from '@nestjs/common';
import type { DataOf, Origin, Subjects } from '@proxmox-mpc/contracts';
import { DEFAULT_PROXMOX_COLLECTION, InventoryReader } from '@proxmox-mpc/iac';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore } from './workspace.store';

/** The command's data (without a target, the agent's only cluster), and who asked. */
export type InitWorkspace = DataOf<typeof Subjects.iacWorkspaceInit> & { origin: Origin };

/**
 * Creates a workspace for a cluster and commits its settings and default files. The
 * agent is asked for the cluster first, so an unknown one is refused before anything is
 * written; a name already taken is refused too.
 */
@Injectable()
export class InitWorkspaceUseCase {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
    private readonly lock: WorkspaceLock,
  ) {}

  execute(request: InitWorkspace): Promise<DataOf<typeof Subjects.iacWorkspaceInitialized>> {
    const { workspace: name } = request;
    return this.lock.hold(name, async () => {
      const target = await this.inventory.clusterName(request.origin, request.target);
      const workspace = await this.store.create(name, target, {
        collection: request.ansibleCollection ?? DEFAULT_PROXMOX_COLLECTION,
      });
      const { revision } = await workspace.git.commitAll(`Create workspace ${name} for cluster ${target}`);
      return { workspace: name, target, revision };
    });
  }
}
