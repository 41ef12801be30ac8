import { createHash } from 'node:crypto';
import type { GeneratedFile } from '@proxmox-mpc/iac';
import { WorkspaceRevisions } from './workspace-revisions';

/** Workspace histories in memory, for unit tests: each commit holds every file, HEAD the newest. */
export class InMemoryWorkspaceRevisions extends WorkspaceRevisions {
  private readonly commits = new Map<string, GeneratedFile[]>();
  private readonly heads = new Map<string, string>();

  /** Commits `files` over the workspace's HEAD (a path given again is replaced); returns the commit. */
  commit(workspace: string, files: readonly GeneratedFile[]): string {
    const head = this.heads.get(workspace);
    const previous = (head && this.commits.get(`${workspace}@${head}`)) || [];
    const paths = new Set(files.map((file) => file.path));
    const tree = [...previous.filter((file) => !paths.has(file.path)), ...files];
    const commit = createHash('sha1')
      .update(`${head ?? ''}\0${JSON.stringify(tree)}`)
      .digest('hex');
    this.commits.set(`${workspace}@${commit}`, tree);
    this.heads.set(workspace, commit);
    return commit;
  }

  async filesAt(
    workspace: string,
    revision: string,
  ): Promise<{ commit: string; files: GeneratedFile[] } | undefined> {
    const commit = revision === 'HEAD' ? this.heads.get(workspace) : revision;
    const files = commit && this.commits.get(`${workspace}@${commit}`);
    return commit && files ? { commit, files } : undefined;
  }
}
