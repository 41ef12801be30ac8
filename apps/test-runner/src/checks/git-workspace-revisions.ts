import { join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { WorkspaceGit, type GeneratedFile } from '@proxmox-mpc/iac';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { TestRunnerConfig } from '../config';
import { WorkspaceRevisions } from './workspace-revisions';

/**
 * The git repositories iac-generator writes under IAC_WORKSPACE_ROOT, read with
 * `git ls-tree`/`git show`: a check judges exactly the commit it was told about.
 */
@Injectable()
export class GitWorkspaceRevisions extends WorkspaceRevisions {
  private readonly root: string;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<TestRunnerConfig, 'IAC_WORKSPACE_ROOT'>) {
    super();
    this.root = resolve(config.IAC_WORKSPACE_ROOT);
  }

  async filesAt(
    workspace: string,
    revision: string,
  ): Promise<{ commit: string; files: GeneratedFile[] } | undefined> {
    const git = new WorkspaceGit(join(this.root, workspace));
    const commit = await git.resolve(revision).catch(() => undefined);
    return commit ? { commit, files: await git.filesAt(commit) } : undefined;
  }
}
