import { Injectable } from '@nestjs/common';
import type { QueryResponseOf, Subjects } from '@proxmox-mpc/contracts';
import { headOf, WorkspaceStore } from './workspace.store';

/** The workspaces there are, with their cluster and HEAD (none before the first commit). */
@Injectable()
export class ListWorkspacesUseCase {
  constructor(private readonly store: WorkspaceStore) {}

  async execute(): Promise<QueryResponseOf<typeof Subjects.iacWorkspacesList>> {
    const workspaces = await this.store.list();
    return {
      workspaces: await Promise.all(
        workspaces.map(async (workspace) => {
          const revision = await headOf(workspace);
          return {
            name: workspace.settings.name,
            target: workspace.settings.target,
            ...(revision ? { revision } : {}),
          };
        }),
      ),
    };
  }
}
