import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import {
  WORKSPACE_READ_MAX_CONTENT_BYTES,
  type QueryRequestOf,
  type QueryResponseOf,
  type Subjects,
} from '@proxmox-mpc/contracts';
import { WorkspaceStore } from './workspace.store';

/** A workspace's files at HEAD: the list, or one file's text when a path is given. */
@Injectable()
export class ReadWorkspaceUseCase {
  constructor(private readonly store: WorkspaceStore) {}

  async execute({
    workspace: name,
    path,
  }: QueryRequestOf<typeof Subjects.iacWorkspaceRead>): Promise<
    QueryResponseOf<typeof Subjects.iacWorkspaceRead>
  > {
    const workspace = await this.store.open(name);
    const revision = await workspace.git.currentRevision();
    const files = await workspace.git.listAt(revision);
    if (path === undefined) return { workspace: name, revision, files };
    const file = files.find((entry) => entry.path === path);
    if (!file) throw new HandlerError('NOT_FOUND', `workspace "${name}" has no file ${path}`, false);
    if (file.bytes > WORKSPACE_READ_MAX_CONTENT_BYTES) {
      throw new HandlerError(
        'INVALID_MESSAGE',
        `${path} is ${file.bytes} bytes, more than ${WORKSPACE_READ_MAX_CONTENT_BYTES} can be sent; read it from the workspace repository`,
        false,
      );
    }
    return { workspace: name, revision, files: [file], content: await workspace.git.readAt(revision, path) };
  }
}
