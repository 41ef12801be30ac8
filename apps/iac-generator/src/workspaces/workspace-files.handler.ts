import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { HandlerError, OnQuery } from '@proxmox-mpc/bus';
import { Subjects, type Envelope, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { WorkspaceStore } from './workspace-store';

// A reply must fit a NATS message (1 MB) with room for the envelope.
const MAX_CONTENT_BYTES = 512 * 1024;

/** Reading workspaces over the bus (MCP resources): what exists, and a file's text at HEAD. */
@Controller()
export class WorkspaceFilesHandler {
  constructor(private readonly store: WorkspaceStore) {}

  @OnQuery(Subjects.iacWorkspacesList)
  async list(): Promise<QueryResponseOf<typeof Subjects.iacWorkspacesList>> {
    const workspaces = await this.store.list();
    return {
      workspaces: await Promise.all(
        workspaces.map(async (workspace) => {
          const revision = await workspace.git.currentRevision().catch(() => undefined);
          return {
            name: workspace.settings.name,
            target: workspace.settings.target,
            ...(revision ? { revision } : {}),
          };
        }),
      ),
    };
  }

  @OnQuery(Subjects.iacWorkspaceRead)
  async read(
    @Payload() request: Envelope<QueryRequestOf<typeof Subjects.iacWorkspaceRead>>,
  ): Promise<QueryResponseOf<typeof Subjects.iacWorkspaceRead>> {
    const { workspace: name, path } = request.data;
    const workspace = await this.store.open(name);
    const revision = await workspace.git.currentRevision();
    const files = await workspace.git.listAt(revision);
    if (path === undefined) return { workspace: name, revision, files };
    const file = files.find((entry) => entry.path === path);
    if (!file) throw new HandlerError('NOT_FOUND', `workspace "${name}" has no file ${path}`, false);
    if (file.bytes > MAX_CONTENT_BYTES) {
      throw new HandlerError(
        'INVALID_MESSAGE',
        `${path} is ${file.bytes} bytes, more than ${MAX_CONTENT_BYTES} can be sent; read it from the workspace repository`,
        false,
      );
    }
    return { workspace: name, revision, files: [file], content: await workspace.git.readAt(revision, path) };
  }
}
