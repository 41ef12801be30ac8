import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { ListWorkspacesUseCase } from './list-workspaces.use-case';
import { ReadWorkspaceUseCase } from './read-workspace.use-case';

/** Reading workspaces over the bus (MCP resources): what exists, and a file's text at HEAD. */
@Controller()
export class WorkspaceFilesHandler {
  constructor(
    private readonly listWorkspaces: ListWorkspacesUseCase,
    private readonly readWorkspace: ReadWorkspaceUseCase,
  ) {}

  @OnQuery(Subjects.iacWorkspacesList)
  list(): Promise<QueryResponseOf<typeof Subjects.iacWorkspacesList>> {
    return this.listWorkspaces.execute();
  }

  @OnQuery(Subjects.iacWorkspaceRead)
  read(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.iacWorkspaceRead>>,
  ): Promise<QueryResponseOf<typeof Subjects.iacWorkspaceRead>> {
    return this.readWorkspace.execute(request.data);
  }
}
